package dev.nnl.runtime.kernels.recurrent;

import dev.nnl.compiler.layers.LayerArgs;
import dev.nnl.runtime.kernels.LinearAlgebra;
import dev.nnl.runtime.tensor.Tensor;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * keras.layers.GRU, gates z, r, h stacked in that order; {@code h' = z·h + (1 − z)·hh}.
 * {@link ResetAfter} (Keras default): bias (2, 3U) = input row, recurrent row, and
 * {@code hh = act(x·W_h + b_h + r·(h·U_h + b_rh))}. {@link ResetBefore}: bias (3U) and
 * {@code hh = act(x·W_h + b_h + (r·h)·U_h)}.
 */
abstract class GruCore extends RecurrentCore {
    final boolean separate;
    /** (T, B, 3U): gate activations z, r, hh (the same buffer as z unless {@link #separate}). */
    Tensor a;

    GruCore(String layer, String prefix, LayerArgs args, boolean goBackwards) {
        super(layer, prefix, args, RecurrentCell.GRU.gates(), goBackwards);
        separate = !(act.fromOutput() && ract.fromOutput());
    }

    @Override
    void allocate() {
        a = separate ? Tensor.reuse(a == z ? null : a, type, (long) steps * batch * gu) : z;
    }

    /** Reset gate after the recurrent matmul; the recurrent part is one (B, U)×(U, 3U) product. */
    static final class ResetAfter extends GruCore {
        /** (T, B, 3U): h·U per step; its h block is overwritten with h·U_h + b_rh. */
        private Tensor rec;
        private Tensor[] recStep;
        /** (T, B, 3U): gradients of the recurrent products (the h block is dhh_pre · r). */
        private Tensor dzr;
        private Tensor dzr2;
        private Tensor[] dzrStep;

        ResetAfter(String layer, String prefix, LayerArgs args, boolean goBackwards) {
            super(layer, prefix, args, goBackwards);
        }

        @Override
        void allocate() {
            super.allocate();
            long tb = (long) steps * batch;
            rec = Tensor.reuse(rec, type, tb * gu);
            recStep = steps(rec, batch, gu, steps);
            dzr = Tensor.reuse(dzr, type, tb * gu);
            dzr2 = dzr.reshape(tb, gu);
            dzrStep = steps(dzr, batch, gu, steps);
        }

        @Override
        void step(int s, Tensor hd) {
            LinearAlgebra.gemm(hd, false, recurrent.value(), false, recStep[s], 0);
            Tensor z = this.z;
            Tensor a = this.a;
            Tensor rec = this.rec;
            Tensor h = this.h;
            Tensor bv = bias == null ? null : bias.value();
            CellActivation act = this.act;
            CellActivation ract = this.ract;
            boolean separate = this.separate;
            int B = batch;
            int U = units;
            int g3 = gu;
            for (int r = 0; r < B; r++) {
                int prev = (s * B + r) * U;
                int next = prev + B * U;
                if (!live(s, r)) {
                    h.copyTo(prev, h, next, U);
                    continue;
                }
                int zb = (s * B + r) * g3;
                for (int j = 0; j < U; j++) {
                    int kz = zb + j;
                    int kr = kz + U;
                    int kh = kr + U;
                    double xz = z.get(kz) + rec.get(kz);
                    double xr = z.get(kr) + rec.get(kr);
                    double xh = z.get(kh);
                    double rh = rec.get(kh);
                    if (bv != null) {
                        xz += bv.get(j) + bv.get(g3 + j);
                        xr += bv.get(U + j) + bv.get(g3 + U + j);
                        xh += bv.get(2 * U + j);
                        rh += bv.get(g3 + 2 * U + j);
                    }
                    double zg = ract.f(xz);
                    double rg = ract.f(xr);
                    double hp = xh + rg * rh;
                    double hh = act.f(hp);
                    if (separate) {
                        z.set(kz, xz);
                        z.set(kr, xr);
                        z.set(kh, hp);
                    }
                    a.set(kz, zg);
                    a.set(kr, rg);
                    a.set(kh, hh);
                    rec.set(kh, rh);
                    h.set(next + j, zg * h.get(prev + j) + (1 - zg) * hh);
                }
            }
        }

        @Override
        void stepBackward(int s, Tensor hd, boolean needState) {
            Tensor z = this.z;
            Tensor a = this.a;
            Tensor rec = this.rec;
            Tensor h = this.h;
            Tensor dz = this.dz;
            Tensor dzr = this.dzr;
            Tensor dhNext = this.dhNext;
            CellActivation act = this.act;
            CellActivation ract = this.ract;
            int B = batch;
            int U = units;
            for (int r = 0; r < B; r++) {
                int zb = (s * B + r) * gu;
                if (!live(s, r)) {
                    dz.zero(zb, gu);
                    dzr.zero(zb, gu);
                    continue;
                }
                int prev = (s * B + r) * U;
                int row = r * U;
                for (int j = 0; j < U; j++) {
                    int kz = zb + j;
                    int kr = kz + U;
                    int kh = kr + U;
                    double zg = a.get(kz);
                    double rg = a.get(kr);
                    double hh = a.get(kh);
                    double dh = dhNext.get(row + j);
                    double dzp = dh * (h.get(prev + j) - hh) * ract.df(z.get(kz), zg);
                    double dhp = dh * (1 - zg) * act.df(z.get(kh), hh);
                    double drp = dhp * rec.get(kh) * ract.df(z.get(kr), rg);
                    dz.set(kz, dzp);
                    dz.set(kr, drp);
                    dz.set(kh, dhp);
                    dzr.set(kz, dzp);
                    dzr.set(kr, drp);
                    dzr.set(kh, dhp * rg);
                    dhNext.set(row + j, zg * dh);
                }
            }
            if (needState) {
                backToState(dzrStep[s], recurrent.value());
            }
        }

        @Override
        void recurrentGrads(Tensor hd2) {
            LinearAlgebra.gemm(hd2, true, dzr2, false, recurrent.grad(), 1);
        }

        @Override
        void biasGrads() {
            if (bias != null) {
                addColumnSums(dz2, bias.grad(), 0);
                addColumnSums(dzr2, bias.grad(), gu);
            }
        }
    }

    /**
     * Reset gate before the recurrent matmul: per step, (B, U)×(U, 2U) for z and r, the gates,
     * then (B, U)×(U, U) on r·h for the candidate. U's blocks are copied contiguous per pass.
     */
    static final class ResetBefore extends GruCore {
        private Tensor uzr;
        private Tensor uh;
        /** (B, 2U) scratch: h·U_zr. */
        private Tensor rzr;
        /** (T, B, U): r·h per step. */
        private Tensor rh;
        private Tensor rh2;
        private Tensor[] rhStep;
        /** (B, U) scratch: (r·h)·U_h, then its gradient. */
        private Tensor rhh;
        private Tensor dzzr;
        private Tensor dzzr2;
        private Tensor[] dzzrStep;
        private Tensor dzh;
        private Tensor dzh2;
        private Tensor[] dzhStep;
        private Tensor duzr;
        private Tensor duh;

        ResetBefore(String layer, String prefix, LayerArgs args, boolean goBackwards) {
            super(layer, prefix, args, goBackwards);
        }

        @Override
        void allocate() {
            super.allocate();
            long tb = (long) steps * batch;
            DataType dt = type;
            int U = units;
            uzr = Tensor.reuse(uzr, dt, U, 2L * U);
            uh = Tensor.reuse(uh, dt, U, U);
            duzr = Tensor.reuse(duzr, dt, U, 2L * U);
            duh = Tensor.reuse(duh, dt, U, U);
            rzr = Tensor.reuse(rzr, dt, batch, 2L * U);
            rhh = Tensor.reuse(rhh, dt, batch, U);
            rh = Tensor.reuse(rh, dt, tb * U);
            rh2 = rh.reshape(tb, U);
            rhStep = steps(rh, batch, U, steps);
            dzzr = Tensor.reuse(dzzr, dt, tb * 2 * U);
            dzzr2 = dzzr.reshape(tb, 2L * U);
            dzzrStep = steps(dzzr, batch, 2 * U, steps);
            dzh = Tensor.reuse(dzh, dt, tb * U);
            dzh2 = dzh.reshape(tb, U);
            dzhStep = steps(dzh, batch, U, steps);
        }

        @Override
        void beforeSteps() {
            Tensor w = recurrent.value();
            int U = units;
            for (int i = 0; i < U; i++) {
                for (int j = 0; j < 2 * U; j++) {
                    uzr.set(i * 2 * U + j, w.get(i * gu + j));
                }
                for (int j = 0; j < U; j++) {
                    uh.set(i * U + j, w.get(i * gu + 2 * U + j));
                }
            }
        }

        @Override
        void step(int s, Tensor hd) {
            LinearAlgebra.gemm(hd, false, uzr, false, rzr, 0);
            Tensor z = this.z;
            Tensor a = this.a;
            Tensor h = this.h;
            Tensor rh = this.rh;
            Tensor rzr = this.rzr;
            Tensor rhh = this.rhh;
            Tensor bv = bias == null ? null : bias.value();
            CellActivation act = this.act;
            CellActivation ract = this.ract;
            boolean separate = this.separate;
            int B = batch;
            int U = units;
            for (int r = 0; r < B; r++) {
                int zb = (s * B + r) * gu;
                int prev = (s * B + r) * U;
                int rr = r * 2 * U;
                for (int j = 0; j < U; j++) {
                    int kz = zb + j;
                    int kr = kz + U;
                    double xz = z.get(kz) + rzr.get(rr + j);
                    double xr = z.get(kr) + rzr.get(rr + U + j);
                    if (bv != null) {
                        xz += bv.get(j);
                        xr += bv.get(U + j);
                    }
                    double zg = ract.f(xz);
                    double rg = ract.f(xr);
                    if (separate) {
                        z.set(kz, xz);
                        z.set(kr, xr);
                    }
                    a.set(kz, zg);
                    a.set(kr, rg);
                    rh.set(prev + j, rg * hd.get(r * U + j));
                }
            }
            LinearAlgebra.gemm(rhStep[s], false, uh, false, rhh, 0);
            for (int r = 0; r < B; r++) {
                int prev = (s * B + r) * U;
                int next = prev + B * U;
                if (!live(s, r)) {
                    h.copyTo(prev, h, next, U);
                    continue;
                }
                int zb = (s * B + r) * gu;
                for (int j = 0; j < U; j++) {
                    int kh = zb + 2 * U + j;
                    double hp = z.get(kh) + rhh.get(r * U + j);
                    if (bv != null) {
                        hp += bv.get(2 * U + j);
                    }
                    double hh = act.f(hp);
                    if (separate) {
                        z.set(kh, hp);
                    }
                    a.set(kh, hh);
                    double zg = a.get(zb + j);
                    h.set(next + j, zg * h.get(prev + j) + (1 - zg) * hh);
                }
            }
        }

        @Override
        void stepBackward(int s, Tensor hd, boolean needState) {
            Tensor z = this.z;
            Tensor a = this.a;
            Tensor h = this.h;
            Tensor dz = this.dz;
            Tensor dzzr = this.dzzr;
            Tensor dzh = this.dzh;
            Tensor dhNext = this.dhNext;
            CellActivation act = this.act;
            CellActivation ract = this.ract;
            int B = batch;
            int U = units;
            for (int r = 0; r < B; r++) {
                int zb = (s * B + r) * gu;
                int prev = (s * B + r) * U;
                int zr = (s * B + r) * 2 * U;
                if (!live(s, r)) {
                    dz.zero(zb, gu);
                    dzzr.zero(zr, 2 * U);
                    dzh.zero(prev, U);
                    continue;
                }
                int row = r * U;
                for (int j = 0; j < U; j++) {
                    int kz = zb + j;
                    int kh = zb + 2 * U + j;
                    double zg = a.get(kz);
                    double hh = a.get(kh);
                    double dh = dhNext.get(row + j);
                    double dzp = dh * (h.get(prev + j) - hh) * ract.df(z.get(kz), zg);
                    double dhp = dh * (1 - zg) * act.df(z.get(kh), hh);
                    dz.set(kz, dzp);
                    dz.set(kh, dhp);
                    dzzr.set(zr + j, dzp);
                    dzh.set(prev + j, dhp);
                    dhNext.set(row + j, zg * dh);
                }
            }
            // d(r·h) = dhh_pre · U_hᵀ
            LinearAlgebra.gemm(dzhStep[s], false, uh, true, rhh, 0);
            Tensor rhh = this.rhh;
            boolean dropRec = this.dropRec;
            for (int r = 0; r < B; r++) {
                if (!live(s, r)) {
                    continue;
                }
                int zb = (s * B + r) * gu;
                int zr = (s * B + r) * 2 * U;
                int row = r * U;
                for (int j = 0; j < U; j++) {
                    int kr = zb + U + j;
                    double rg = a.get(kr);
                    double d = rhh.get(row + j);
                    double drp = d * hd.get(row + j) * ract.df(z.get(kr), rg);
                    dz.set(kr, drp);
                    dzzr.set(zr + U + j, drp);
                    double back = rg * d;
                    if (dropRec) {
                        back *= recMask.get(row + j);
                    }
                    dhNext.set(row + j, dhNext.get(row + j) + back);
                }
            }
            if (needState) {
                backToState(dzzrStep[s], uzr);
            }
        }

        @Override
        void recurrentGrads(Tensor hd2) {
            LinearAlgebra.gemm(hd2, true, dzzr2, false, duzr, 0);
            LinearAlgebra.gemm(rh2, true, dzh2, false, duh, 0);
            Tensor grad = recurrent.grad();
            int U = units;
            for (int i = 0; i < U; i++) {
                for (int j = 0; j < 2 * U; j++) {
                    grad.add(i * gu + j, duzr.get(i * 2 * U + j));
                }
                for (int j = 0; j < U; j++) {
                    grad.add(i * gu + 2 * U + j, duh.get(i * U + j));
                }
            }
        }
    }
}
