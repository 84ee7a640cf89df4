package dev.nnl.runtime.kernels.recurrent;

import dev.nnl.compiler.layers.LayerArgs;
import dev.nnl.runtime.init.Initializers;
import dev.nnl.runtime.kernels.LinearAlgebra;
import dev.nnl.runtime.plan.Tensor;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * keras.layers.LSTM, gates i, f, c, o stacked in that order:
 * {@code i = σ(zi), f = σ(zf), g = act(zg), o = σ(zo), c' = f·c + i·g, h' = o·act(c')}.
 * With unit_forget_bias the forget-gate bias starts at 1.
 */
final class LstmCore extends RecurrentCore {
    /** Whether gate activations are kept apart from the pre-activations (only for activations whose derivative needs x). */
    private final boolean separate;
    /** (T, B, 4U): gate activations i, f, g, o (the same buffer as z unless {@link #separate}). */
    private Tensor a;
    /** (T+1, B, U): the cell state before each step. */
    private Tensor c;
    /** (T, B, U): act(c) after each step. */
    private Tensor tc;
    /** (B, U): d(loss)/d(c) flowing to the previous step. */
    private Tensor dcNext;

    LstmCore(String layer, String prefix, LayerArgs args, boolean goBackwards) {
        super(layer, prefix, args, 4, goBackwards);
        separate = !(act.fromOutput() && ract.fromOutput());
    }

    @Override
    void initializeBias(SplittableRandom rng) {
        if (!args.getBool("unit_forget_bias")) {
            super.initializeBias(rng);
            return;
        }
        // Keras: concat(bias_initializer((u,)), ones((u,)), bias_initializer((2u,))).
        Tensor b = bias.value();
        Tensor first = Tensor.zeros(b.dataType(), units);
        Tensor rest = Tensor.zeros(b.dataType(), 2L * units);
        Initializers.fill(first, args.getValue("bias_initializer"), rng);
        Initializers.fill(rest, args.getValue("bias_initializer"), rng);
        for (int j = 0; j < units; j++) {
            b.set(j, first.get(j));
            b.set(units + j, 1);
        }
        for (int j = 0; j < 2 * units; j++) {
            b.set(2 * units + j, rest.get(j));
        }
    }

    @Override
    void allocate() {
        long tb = (long) steps * batch;
        DataType dt = type;
        a = separate ? Tensor.zeros(dt, tb * gu) : z;
        c = Tensor.zeros(dt, (tb + batch) * units);
        tc = Tensor.zeros(dt, tb * units);
        dcNext = Tensor.zeros(dt, batch, units);
    }

    @Override
    void beforeSteps() {
        for (int i = 0; i < batch * units; i++) {
            c.set(i, 0);
        }
    }

    @Override
    void step(int s, Tensor hd) {
        LinearAlgebra.gemm(hd, false, recurrent.value(), false, zStep[s], 1);
        Tensor z = this.z;
        Tensor a = this.a;
        Tensor h = this.h;
        Tensor c = this.c;
        Tensor tc = this.tc;
        Tensor bv = bias == null ? null : bias.value();
        CellActivation act = this.act;
        CellActivation ract = this.ract;
        boolean separate = this.separate;
        int B = batch;
        int U = units;
        for (int r = 0; r < B; r++) {
            int prev = (s * B + r) * U;
            int next = prev + B * U;
            if (!live(s, r)) {
                for (int j = 0; j < U; j++) {
                    h.set(next + j, h.get(prev + j));
                    c.set(next + j, c.get(prev + j));
                }
                continue;
            }
            int zb = (s * B + r) * gu;
            for (int j = 0; j < U; j++) {
                int ki = zb + j;
                int kf = ki + U;
                int kg = kf + U;
                int ko = kg + U;
                double zi = z.get(ki);
                double zf = z.get(kf);
                double zg = z.get(kg);
                double zo = z.get(ko);
                if (bv != null) {
                    zi += bv.get(j);
                    zf += bv.get(U + j);
                    zg += bv.get(2 * U + j);
                    zo += bv.get(3 * U + j);
                }
                double i = ract.f(zi);
                double f = ract.f(zf);
                double gg = act.f(zg);
                double o = ract.f(zo);
                double cc = f * c.get(prev + j) + i * gg;
                double t = act.f(cc);
                if (separate) {
                    z.set(ki, zi);
                    z.set(kf, zf);
                    z.set(kg, zg);
                    z.set(ko, zo);
                }
                a.set(ki, i);
                a.set(kf, f);
                a.set(kg, gg);
                a.set(ko, o);
                c.set(next + j, cc);
                tc.set(prev + j, t);
                h.set(next + j, o * t);
            }
        }
    }

    @Override
    void beforeBackward() {
        dcNext.fill(0);
    }

    @Override
    void stepBackward(int s, Tensor hd, boolean needState) {
        Tensor z = this.z;
        Tensor a = this.a;
        Tensor c = this.c;
        Tensor tc = this.tc;
        Tensor dz = this.dz;
        Tensor dhNext = this.dhNext;
        Tensor dcNext = this.dcNext;
        CellActivation act = this.act;
        CellActivation ract = this.ract;
        int B = batch;
        int U = units;
        for (int r = 0; r < B; r++) {
            int zb = (s * B + r) * gu;
            if (!live(s, r)) {
                // The state passed through unchanged: dhNext and dcNext carry over as they are.
                for (int k = zb; k < zb + gu; k++) {
                    dz.set(k, 0);
                }
                continue;
            }
            int prev = (s * B + r) * U;
            int next = prev + B * U;
            int row = r * U;
            for (int j = 0; j < U; j++) {
                int ki = zb + j;
                int kf = ki + U;
                int kg = kf + U;
                int ko = kg + U;
                double i = a.get(ki);
                double f = a.get(kf);
                double gg = a.get(kg);
                double o = a.get(ko);
                double t = tc.get(prev + j);
                double dh = dhNext.get(row + j);
                double dc = dcNext.get(row + j) + dh * o * act.df(c.get(next + j), t);
                dz.set(ki, dc * gg * ract.df(z.get(ki), i));
                dz.set(kf, dc * c.get(prev + j) * ract.df(z.get(kf), f));
                dz.set(kg, dc * i * act.df(z.get(kg), gg));
                dz.set(ko, dh * t * ract.df(z.get(ko), o));
                dcNext.set(row + j, dc * f);
                dhNext.set(row + j, 0);
            }
        }
        if (needState) {
            backToState(dzStep[s], recurrent.value());
        }
    }
}
