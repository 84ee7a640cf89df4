package dev.nnl.runtime.kernels.recurrent;

import dev.nnl.compiler.layers.LayerArgs;
import dev.nnl.runtime.init.Initializers;
import dev.nnl.runtime.kernels.LinearAlgebra;
import dev.nnl.runtime.kernels.RunContext;
import dev.nnl.runtime.tensor.ParamStore;
import dev.nnl.runtime.tensor.Tensor;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * One direction of a Keras recurrent layer (SimpleRNN, LSTM, GRU): the loop over time, masks,
 * dropout and the matrix products; subclasses supply the cell's gate math, forward and backward,
 * as one fused loop per step.
 *
 * <p>Layout: everything inside is time-major in <em>processing</em> order (step s reads input time
 * step {@code time(s)}; reversed for go_backwards), so a step's rows are contiguous. The input
 * projection of all steps is one GEMM, (steps·batch, features) × (features, gates·units); each
 * step adds one GEMM for the recurrent part. Backward keeps the gate gradients of all steps, so
 * the kernel, recurrent kernel and input gradients are one GEMM each after the loop.
 *
 * <p>Keras semantics: a masked step keeps the state and outputs the previous output (or zero with
 * {@code zeroOutputForMask}, which Bidirectional sets when returning sequences); with
 * go_backwards the returned sequence is in processing order (reversed) unless
 * {@code outputInInputOrder}. Dropout masks are drawn once per batch and shared by all steps
 * (one for the inputs, one for the recurrent state), scaled by 1 / (1 − rate).
 */
abstract class RecurrentCore {
    final String layer;
    final String prefix;
    final LayerArgs args;
    final int units;
    final int gates;
    final int gu;
    final CellActivation act;
    final CellActivation ract;
    final boolean useBias;
    final boolean returnSequences;
    final boolean goBackwards;
    final double dropout;
    final double recurrentDropout;
    /** Bidirectional's backward direction returns its sequence flipped back to input order. */
    boolean outputInInputOrder;
    /** Masked steps output zeros instead of the previous output (Bidirectional with return_sequences). */
    boolean zeroOutputForMask;

    ParamStore.Slot kernel;
    ParamStore.Slot recurrent;
    ParamStore.Slot bias;

    // The current pass.
    int batch = -1;
    int steps = -1;
    int features = -1;
    DataType type;
    Tensor mask;
    boolean dropIn;
    boolean dropRec;

    /** (T, B, F): the inputs in processing order, input dropout applied. */
    Tensor xp;
    Tensor xp2;
    /** (T, B, G·U): input projection, then pre-activations (subclasses store per-cell values here). */
    Tensor z;
    Tensor z2;
    Tensor[] zStep;
    /** (T+1, B, U): the state before each step; h[0] is the zero initial state. */
    Tensor h;
    Tensor[] hStep;
    /** (T·B, U): the states the steps read (h[0..T-1]), or their dropped copies. */
    Tensor h2;
    Tensor hdSep;
    Tensor hdSep2;
    Tensor[] hdSepStep;
    Tensor out;
    Tensor inMask;
    Tensor recMask;
    /** (T, B, G·U): gradients of the gate pre-activations. */
    Tensor dz;
    Tensor dz2;
    Tensor[] dzStep;
    Tensor dxp2;
    Tensor dx;
    /** (B, U): d(loss)/d(state) flowing to the previous step. */
    Tensor dhNext;
    Tensor g;

    RecurrentCore(String layer, String prefix, LayerArgs args, int gates, boolean goBackwards) {
        this.layer = layer;
        this.prefix = prefix;
        this.args = args;
        this.units = args.getInt("units");
        this.gates = gates;
        this.gu = gates * units;
        this.act = new CellActivation(args.getString("activation"));
        this.ract = args.values().containsKey("recurrent_activation")
                ? new CellActivation(args.getString("recurrent_activation")) : null;
        this.useBias = args.getBool("use_bias");
        this.returnSequences = args.getBool("return_sequences");
        this.goBackwards = goBackwards;
        this.dropout = args.getDouble("dropout");
        this.recurrentDropout = args.getDouble("recurrent_dropout");
    }

    /** A core for {@code cell} whose weights are {@code prefix + name}. */
    static RecurrentCore create(RecurrentCell cell, LayerArgs args, String layer, String prefix, boolean goBackwards) {
        return switch (cell) {
            case SIMPLE_RNN -> new SimpleRnnCore(layer, prefix, args, goBackwards);
            case LSTM -> new LstmCore(layer, prefix, args, goBackwards);
            case GRU -> args.getBool("reset_after")
                    ? new GruCore.ResetAfter(layer, prefix, args, goBackwards)
                    : new GruCore.ResetBefore(layer, prefix, args, goBackwards);
        };
    }

    void attach(ParamStore store) {
        kernel = store.slot(layer, prefix + "kernel");
        recurrent = store.slot(layer, prefix + "recurrent_kernel");
        bias = useBias ? store.slot(layer, prefix + "bias") : null;
    }

    void initialize(SplittableRandom rng) {
        Initializers.fill(kernel.value(), args.getValue("kernel_initializer"), rng);
        Initializers.fill(recurrent.value(), args.getValue("recurrent_initializer"), rng);
        if (bias != null) {
            initializeBias(rng);
        }
    }

    void initializeBias(SplittableRandom rng) {
        Initializers.fill(bias.value(), args.getValue("bias_initializer"), rng);
    }

    // ---- subclass hooks ----

    /** Allocates the cell's own buffers for (batch, steps); called when either changes. */
    abstract void allocate();

    /** Called once per forward pass before the first step (e.g. to zero the cell state). */
    void beforeSteps() {
    }

    /**
     * Step s: adds the recurrent part to the pre-activations, runs the gate math and writes
     * h[s+1] (the previous state where a row is masked). {@code hd} is the (B, U) state the step
     * reads, recurrent dropout applied.
     */
    abstract void step(int s, Tensor hd);

    /** Called once per backward pass before the last step (e.g. to zero the cell-state gradient). */
    void beforeBackward() {
    }

    /**
     * Step s backward: given {@link #dhNext} = d(loss)/d(h[s+1]), writes the step's gate
     * gradients (zero for masked rows), leaves d(loss)/d(h[s]) in {@link #dhNext} (via
     * {@link #backToState} when {@code needState}).
     */
    abstract void stepBackward(int s, Tensor hd, boolean needState);

    /** Adds the recurrent kernel's gradient; {@code hd2} is (T·B, U), the states the steps read. */
    void recurrentGrads(Tensor hd2) {
        LinearAlgebra.gemm(hd2, true, dz2, false, recurrent.grad(), 1);
    }

    void biasGrads() {
        if (bias != null) {
            addColumnSums(dz2, bias.grad(), 0);
        }
    }

    // ---- the loop over time ----

    final int time(int s) {
        return goBackwards ? steps - 1 - s : s;
    }

    final boolean live(int s, int b) {
        return mask == null || mask.get(b * steps + time(s)) != 0;
    }

    Tensor forward(Tensor x, Tensor mask, RunContext ctx) {
        int b = (int) x.shape[0];
        int t = (int) x.shape[1];
        int f = (int) x.shape[2];
        if (t == 0) {
            throw new IllegalArgumentException("recurrent layer `" + layer + "` got a sequence of 0 steps");
        }
        prepare(b, t, f, ctx.type);
        boolean approximate = ctx.type == DataType.FLOAT;
        act.approximate = approximate;
        if (ract != null) {
            ract.approximate = approximate;
        }
        this.mask = mask;
        dropIn = ctx.training && dropout > 0;
        dropRec = ctx.training && recurrentDropout > 0;
        if (dropIn) {
            drawMask(inMask, dropout, ctx.rng);
        }
        if (dropRec) {
            drawMask(recMask, recurrentDropout, ctx.rng);
        }
        int B = batch;
        int T = steps;
        int F = features;
        for (int s = 0; s < T; s++) {
            int ts = time(s);
            for (int r = 0; r < B; r++) {
                int src = (r * T + ts) * F;
                int dst = (s * B + r) * F;
                if (dropIn) {
                    for (int k = 0; k < F; k++) {
                        xp.set(dst + k, x.get(src + k) * inMask.get(r * F + k));
                    }
                } else {
                    x.copyTo(src, xp, dst, F);
                }
            }
        }
        LinearAlgebra.gemm(xp2, false, kernel.value(), false, z2, 0);
        int bu = B * units;
        h.zero(0, bu);
        beforeSteps();
        for (int s = 0; s < T; s++) {
            Tensor hd = hStep[s];
            if (dropRec) {
                hd = hdSepStep[s];
                int base = s * bu;
                for (int i = 0; i < bu; i++) {
                    hd.set(i, h.get(base + i) * recMask.get(i));
                }
            }
            step(s, hd);
            if (returnSequences) {
                writeOutput(s, outputInInputOrder ? time(s) : s);
            }
        }
        if (!returnSequences) {
            writeOutput(T - 1, 0);
        }
        return out;
    }

    private void writeOutput(int s, int pos) {
        int B = batch;
        int U = units;
        int T = steps;
        for (int r = 0; r < B; r++) {
            int dst = returnSequences ? (r * T + pos) * U : r * U;
            if (zeroOutputForMask && !live(s, r)) {
                out.zero(dst, U);
            } else {
                h.copyTo(((s + 1) * B + r) * U, out, dst, U);
            }
        }
    }

    /** Backpropagates d(loss)/d(output) through the last forward pass; returns d(loss)/d(input). */
    Tensor backward(Tensor dOut, RunContext ctx, boolean inputGradient) {
        int B = batch;
        int T = steps;
        int F = features;
        dhNext.fill(0);
        beforeBackward();
        for (int s = T - 1; s >= 0; s--) {
            if (returnSequences) {
                addOutputGrad(dOut, s, outputInInputOrder ? time(s) : s);
            } else if (s == T - 1) {
                addOutputGrad(dOut, s, 0);
            }
            stepBackward(s, dropRec ? hdSepStep[s] : hStep[s], s > 0);
        }
        LinearAlgebra.gemm(xp2, true, dz2, false, kernel.grad(), 1);
        recurrentGrads(dropRec ? hdSep2 : h2);
        biasGrads();
        if (!inputGradient) {
            return null;
        }
        LinearAlgebra.gemm(dz2, false, kernel.value(), true, dxp2, 0);
        Tensor dxp = dxp2;
        for (int s = 0; s < T; s++) {
            int ts = time(s);
            for (int r = 0; r < B; r++) {
                int dst = (r * T + ts) * F;
                int src = (s * B + r) * F;
                if (dropIn) {
                    for (int k = 0; k < F; k++) {
                        dx.set(dst + k, dxp.get(src + k) * inMask.get(r * F + k));
                    }
                } else {
                    dxp.copyTo(src, dx, dst, F);
                }
            }
        }
        return dx;
    }

    private void addOutputGrad(Tensor dOut, int s, int pos) {
        int B = batch;
        int U = units;
        int T = steps;
        for (int r = 0; r < B; r++) {
            if (zeroOutputForMask && !live(s, r)) {
                continue;
            }
            int src = returnSequences ? (r * T + pos) * U : r * U;
            int dst = r * U;
            for (int j = 0; j < U; j++) {
                dhNext.set(dst + j, dhNext.get(dst + j) + dOut.get(src + j));
            }
        }
    }

    /** dhNext += (dzRec · wᵀ) ⊙ recurrent dropout mask: the gradient reaching the previous state. */
    final void backToState(Tensor dzRec, Tensor w) {
        if (!dropRec) {
            LinearAlgebra.gemm(dzRec, false, w, true, dhNext, 1);
            return;
        }
        LinearAlgebra.gemm(dzRec, false, w, true, g, 0);
        for (int i = 0; i < dhNext.size; i++) {
            dhNext.set(i, dhNext.get(i) + g.get(i) * recMask.get(i));
        }
    }

    // ---- buffers ----

    private void prepare(int b, int t, int f, DataType dataType) {
        if (b == batch && t == steps && f == features && dataType == type) {
            return;
        }
        batch = b;
        steps = t;
        features = f;
        type = dataType;
        long tb = (long) t * b;
        xp = Tensor.reuse(xp, type, tb * f);
        xp2 = xp.reshape(tb, f);
        z = Tensor.reuse(z, type, tb * gu);
        z2 = z.reshape(tb, gu);
        zStep = steps(z, b, gu, t);
        h = Tensor.reuse(h, type, (tb + b) * units);
        hStep = steps(h, b, units, t + 1);
        h2 = view(h, 0, tb, units);
        if (recurrentDropout > 0) {
            hdSep = Tensor.reuse(hdSep, type, tb * units);
            hdSep2 = hdSep.reshape(tb, units);
            hdSepStep = steps(hdSep, b, units, t);
        }
        out = returnSequences ? Tensor.reuse(out, type, b, t, units) : Tensor.reuse(out, type, b, units);
        inMask = Tensor.reuse(inMask, type, b, f);
        recMask = Tensor.reuse(recMask, type, b, units);
        dz = Tensor.reuse(dz, type, tb * gu);
        dz2 = dz.reshape(tb, gu);
        dzStep = steps(dz, b, gu, t);
        dxp2 = Tensor.reuse(dxp2, type, tb, f);
        dx = Tensor.reuse(dx, type, b, t, f);
        dhNext = Tensor.reuse(dhNext, type, b, units);
        g = Tensor.reuse(g, type, b, units);
        allocate();
    }

    /** {@code count} consecutive (rows, cols) views over a flat buffer. */
    static Tensor[] steps(Tensor flat, int rows, int cols, int count) {
        Tensor[] v = new Tensor[count];
        for (int s = 0; s < count; s++) {
            v[s] = view(flat, (long) s * rows * cols, rows, cols);
        }
        return v;
    }

    /** The float32 elements of a tensor, for bulk copies to and from heap arrays. */
    /** A (rows, cols) view of a flat buffer from {@code offset}. */
    static Tensor view(Tensor flat, long offset, long rows, long cols) {
        return Tensor.wrap(flat.array.get(NDArrayIndex.interval(offset, offset + rows * cols)).reshape('c', rows, cols));
    }

    private static void drawMask(Tensor m, double rate, SplittableRandom rng) {
        double scale = 1 / (1 - rate);
        for (int i = 0; i < m.size; i++) {
            m.set(i, rng.nextDouble() >= rate ? scale : 0);
        }
    }

    /** acc[accOffset + j] += Σ_i m[i, j] over the columns of a 2D tensor (row by row, for the cache). */
    static void addColumnSums(Tensor m, Tensor acc, int accOffset) {
        int cols = m.last();
        double[] sum = new double[cols];
        for (int r = 0; r < m.size; r += cols) {
            for (int j = 0; j < cols; j++) {
                sum[j] += m.get(r + j);
            }
        }
        for (int j = 0; j < cols; j++) {
            acc.set(accOffset + j, acc.get(accOffset + j) + sum[j]);
        }
    }
}
