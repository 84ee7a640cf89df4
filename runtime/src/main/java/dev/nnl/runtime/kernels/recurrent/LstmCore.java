package dev.nnl.runtime.kernels.recurrent;

import dev.nnl.compiler.layers.LayerArgs;
import dev.nnl.runtime.init.Initializers;
import dev.nnl.runtime.kernels.LinearAlgebra;
import dev.nnl.runtime.tensor.Tensor;
import java.nio.FloatBuffer;
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

    // The float32 path for the default activations (tanh, sigmoid): the gate math on heap arrays
    // in vectorizable passes; the states the GEMMs read are copied to and from the tensors.
    private boolean fast;
    private FloatBuffer zBuf;
    private FloatBuffer hBuf;
    private FloatBuffer dzBuf;
    private FloatBuffer dhBuf;
    /** (B, 4U): one step's pre-activations, then its gate gradients. */
    private float[] fz;
    /** (T, B, 4U): gate activations i, f, g, o. */
    private float[] fa;
    /** (T+1, B, U): cell states and hidden states. */
    private float[] fc;
    private float[] fh;
    /** (T, B, U): tanh(c) after each step. */
    private float[] ftc;
    /** (B, U): d(loss)/d(h), d(loss)/d(c) of the step being backpropagated. */
    private float[] fdh;
    private float[] fdc;
    private float[] fbias;
    /** Per gate column: the tanh argument's scale and the affine map of tanh's value (sigmoid = ½ + ½·tanh(x/2)). */
    private float[] fscale;
    private float[] falpha;
    private float[] fbeta;
    private double[] fdbias;

    LstmCore(String layer, String prefix, LayerArgs args, boolean goBackwards) {
        super(layer, prefix, args, RecurrentCell.LSTM.gates(), goBackwards);
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
        a = separate ? Tensor.reuse(a == z ? null : a, dt, tb * gu) : z;
        c = Tensor.reuse(c, dt, (tb + batch) * units);
        tc = Tensor.reuse(tc, dt, tb * units);
        dcNext = Tensor.reuse(dcNext, dt, batch, units);
        fz = null;
        if (dt == DataType.FLOAT && act.isTanh() && ract.isSigmoid()) {
            int bu = batch * units;
            int bg = batch * gu;
            zBuf = z.floats();
            hBuf = h.floats();
            dzBuf = dz.floats();
            dhBuf = dhNext.floats();
            fz = new float[bg];
            fa = new float[steps * bg];
            fc = new float[(steps + 1) * bu];
            fh = new float[(steps + 1) * bu];
            ftc = new float[steps * bu];
            fdh = new float[bu];
            fdc = new float[bu];
            fbias = new float[gu];
            fscale = new float[gu];
            falpha = new float[gu];
            fbeta = new float[gu];
            fdbias = new double[gu];
            for (int k = 0; k < gu; k++) {
                boolean candidate = k >= 2 * units && k < 3 * units;
                fscale[k] = candidate ? 1 : 0.5f;
                falpha[k] = candidate ? 0 : 0.5f;
                fbeta[k] = candidate ? 1 : 0.5f;
            }
        }
    }

    @Override
    void beforeSteps() {
        fast = fz != null;
        if (fast) {
            java.util.Arrays.fill(fc, 0, batch * units, 0);
            java.util.Arrays.fill(fh, 0, batch * units, 0);
            for (int k = 0; k < gu; k++) {
                fbias[k] = bias == null ? 0 : (float) bias.value().get(k);
            }
            return;
        }
        c.zero(0, batch * units);
    }

    @Override
    void step(int s, Tensor hd) {
        LinearAlgebra.gemm(hd, false, recurrent.value(), false, zStep[s], 1);
        if (fast) {
            stepFast(s);
            return;
        }
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
                h.copyTo(prev, h, next, U);
                c.copyTo(prev, c, next, U);
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

    private void stepFast(int s) {
        int B = batch;
        int U = units;
        int G = gu;
        int zOff = s * B * G;
        zBuf.get(zOff, fz, 0, B * G);
        float[] fa = this.fa;
        float[] fc = this.fc;
        float[] fh = this.fh;
        float[] ftc = this.ftc;
        for (int r = 0; r < B; r++) {
            FloatPasses.affineClamp(fz, r * G, fbias, fscale, fa, zOff + r * G, G);
        }
        FloatPasses.tanhClamped(fa, zOff, B * G);
        for (int r = 0; r < B; r++) {
            FloatPasses.affine(fa, zOff + r * G, falpha, fbeta, G);
        }
        int prev = s * B * U;
        int next = prev + B * U;
        for (int r = 0; r < B; r++) {
            int p = prev + r * U;
            int n = next + r * U;
            if (!live(s, r)) {
                System.arraycopy(fc, p, fc, n, U);
                System.arraycopy(fh, p, fh, n, U);
                continue;
            }
            int ab = zOff + r * G;
            for (int j = 0; j < U; j++) {
                float cc = fa[ab + U + j] * fc[p + j] + fa[ab + j] * fa[ab + 2 * U + j];
                fc[n + j] = cc;
                ftc[p + j] = cc;
            }
        }
        FloatPasses.clamp(ftc, prev, B * U);
        FloatPasses.tanhClamped(ftc, prev, B * U);
        for (int r = 0; r < B; r++) {
            if (!live(s, r)) {
                continue;
            }
            int p = prev + r * U;
            int n = next + r * U;
            int ao = zOff + r * G + 3 * U;
            for (int j = 0; j < U; j++) {
                fh[n + j] = fa[ao + j] * ftc[p + j];
            }
        }
        hBuf.put(next, fh, next, B * U);
    }

    private void stepBackwardFast(int s, boolean needState) {
        int B = batch;
        int U = units;
        int G = gu;
        int zOff = s * B * G;
        int prev = s * B * U;
        float[] fa = this.fa;
        float[] fc = this.fc;
        float[] ftc = this.ftc;
        float[] fz = this.fz;
        float[] fdh = this.fdh;
        float[] fdc = this.fdc;
        double[] fdbias = this.fdbias;
        dhBuf.get(0, fdh, 0, B * U);
        for (int r = 0; r < B; r++) {
            int zr = r * G;
            if (!live(s, r)) {
                java.util.Arrays.fill(fz, zr, zr + G, 0);
                continue;
            }
            int ab = zOff + zr;
            int row = r * U;
            int p = prev + row;
            for (int j = 0; j < U; j++) {
                float i = fa[ab + j];
                float f = fa[ab + U + j];
                float g = fa[ab + 2 * U + j];
                float o = fa[ab + 3 * U + j];
                float t = ftc[p + j];
                float dh = fdh[row + j];
                float dc = fdc[row + j] + dh * o * (1 - t * t);
                fz[zr + j] = dc * g * i * (1 - i);
                fz[zr + U + j] = dc * fc[p + j] * f * (1 - f);
                fz[zr + 2 * U + j] = dc * i * (1 - g * g);
                fz[zr + 3 * U + j] = dh * t * o * (1 - o);
                fdc[row + j] = dc * f;
                fdh[row + j] = 0;
            }
            for (int k = 0; k < G; k++) {
                fdbias[k] += fz[zr + k];
            }
        }
        dzBuf.put(zOff, fz, 0, B * G);
        dhBuf.put(0, fdh, 0, B * U);
        if (needState) {
            backToState(dzStep[s], recurrent.value());
        }
    }

    @Override
    void biasGrads() {
        if (!fast) {
            super.biasGrads();
        } else if (bias != null) {
            Tensor g = bias.grad();
            for (int k = 0; k < gu; k++) {
                g.set(k, g.get(k) + fdbias[k]);
            }
        }
    }

    @Override
    void beforeBackward() {
        if (fast) {
            java.util.Arrays.fill(fdc, 0);
            java.util.Arrays.fill(fdbias, 0);
            return;
        }
        dcNext.fill(0);
    }

    @Override
    void stepBackward(int s, Tensor hd, boolean needState) {
        if (fast) {
            stepBackwardFast(s, needState);
            return;
        }
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
                dz.zero(zb, gu);
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
