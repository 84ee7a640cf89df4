package dev.nnl.runtime.kernels.merge;

import dev.nnl.compiler.ir.LayerNode;
import dev.nnl.runtime.kernels.Kernel;
import dev.nnl.runtime.kernels.RunContext;
import dev.nnl.runtime.tensor.Tensor;
import java.util.Arrays;

/**
 * keras.layers.Add, Subtract, Multiply, Average, Maximum, Minimum: elementwise over inputs of
 * one rank whose axes match or are 1 (broadcast, as Keras's backend ops do; a broadcast input's
 * gradient is summed over the axes it was repeated along).
 *
 * <p>Masks follow Keras 3 since 3.4 (keras/src/layers/merging/base_merge.py, multiply.py,
 * maximum.py, minimum.py; keras-team/keras#19685): the output mask is the logical OR of the
 * input masks, and there is none when any input has none. Maximum and Minimum ignore masked
 * values (at a step masked in one input the others decide); Multiply treats masked values as 1
 * and, when every input is masked, outputs 0 where none is real. Add, Subtract and Average use
 * the values as they are. Ties in Maximum/Minimum send the gradient to the earlier input
 * (TensorFlow's maximum gradient goes to x where x ≥ y).
 */
public final class MergeKernel extends Kernel {
    /** The merge operation. */
    public enum Op { ADD, SUBTRACT, MULTIPLY, AVERAGE, MAXIMUM, MINIMUM }

    private final Op op;
    private long[][] inShapes;
    private long[] outShape;
    /** Per input: output element → input element, or null when the input has the output's shape. */
    private int[][] index;
    private Tensor out;
    private Tensor[] dx;
    private Tensor mask;
    /** Maximum/Minimum: which input each output element came from. */
    private int[] source;

    public MergeKernel(LayerNode node, Op op) {
        super(node);
        this.op = op;
    }

    private void prepare(Tensor[] in, RunContext ctx) {
        long[][] shapes = new long[in.length][];
        for (int i = 0; i < in.length; i++) {
            shapes[i] = in[i].shape;
        }
        if (!Arrays.deepEquals(shapes, inShapes) || out == null || out.dataType() != ctx.type) {
            inShapes = shapes;
            int rank = shapes[0].length;
            outShape = new long[rank];
            for (long[] s : shapes) {
                for (int d = 0; d < rank; d++) {
                    outShape[d] = Math.max(outShape[d], s[d]);
                }
            }
            out = Tensor.zeros(ctx.type, outShape);
            index = new int[in.length][];
            dx = new Tensor[in.length];
            for (int i = 0; i < in.length; i++) {
                index[i] = Arrays.equals(shapes[i], outShape) ? null : broadcastIndex(shapes[i], outShape);
                dx[i] = Tensor.zeros(ctx.type, shapes[i]);
            }
            source = op == Op.MAXIMUM || op == Op.MINIMUM ? new int[out.size] : null;
        }
    }

    /** For each element of {@code out}, the element of an input of shape {@code in} that broadcasts to it. */
    static int[] broadcastIndex(long[] in, long[] out) {
        int size = 1;
        for (long d : out) {
            size *= (int) d;
        }
        int[] map = new int[size];
        int rank = out.length;
        int[] stride = new int[rank];
        int s = 1;
        for (int d = rank - 1; d >= 0; d--) {
            stride[d] = in[d] == 1 ? 0 : s;
            s *= (int) in[d];
        }
        int[] coord = new int[rank];
        int idx = 0;
        for (int e = 0; e < size; e++) {
            map[e] = idx;
            for (int d = rank - 1; d >= 0; d--) {
                coord[d]++;
                idx += stride[d];
                if (coord[d] < out[d]) {
                    break;
                }
                idx -= stride[d] * coord[d];
                coord[d] = 0;
            }
        }
        return map;
    }

    private int at(int input, int e) {
        return index[input] == null ? e : index[input][e];
    }

    /** Whether element {@code i} of input {@code input} is at a real step (always, without a mask). */
    private static boolean real(Tensor x, Tensor m, int i) {
        return m == null || m.get(i / (x.size / m.size)) != 0;
    }

    /** The (batch, steps) mask of an input when it fits it, else null. */
    private static Tensor maskOf(Tensor x, Tensor[] masks, int i) {
        Tensor m = i < masks.length ? masks[i] : null;
        return m != null && x.shape.length >= 2 && m.size == x.shape[0] * x.shape[1] ? m : null;
    }

    private boolean allMasked(Tensor[] in, Tensor[] masks) {
        for (int i = 0; i < in.length; i++) {
            if (maskOf(in[i], masks, i) == null) {
                return false;
            }
        }
        return true;
    }

    @Override
    public Tensor[] forward(Tensor[] in, Tensor[] masks, RunContext ctx) {
        prepare(in, ctx);
        int n = in.length;
        Tensor[] m = new Tensor[n];
        for (int i = 0; i < n; i++) {
            m[i] = maskOf(in[i], masks, i);
        }
        boolean outMasked = allMasked(in, masks);
        for (int e = 0; e < out.size; e++) {
            double v;
            switch (op) {
                case ADD, AVERAGE -> {
                    v = 0;
                    for (int i = 0; i < n; i++) {
                        v += in[i].get(at(i, e));
                    }
                    if (op == Op.AVERAGE) {
                        v /= n;
                    }
                }
                case SUBTRACT -> v = in[0].get(at(0, e)) - in[1].get(at(1, e));
                case MULTIPLY -> {
                    v = 1;
                    boolean anyReal = false;
                    for (int i = 0; i < n; i++) {
                        int k = at(i, e);
                        if (real(in[i], m[i], k)) {
                            v *= in[i].get(k);
                            anyReal = true;
                        }
                    }
                    if (outMasked && !anyReal) {
                        v = 0;
                    }
                }
                default -> {
                    // Keras's _apply_merge_op_and_or_mask, tracking where the value comes from.
                    boolean maximum = op == Op.MAXIMUM;
                    int src = 0;
                    v = in[0].get(at(0, e));
                    boolean outReal = m[0] == null || real(in[0], m[0], at(0, e));
                    boolean tracking = m[0] != null;
                    for (int i = 1; i < n; i++) {
                        int k = at(i, e);
                        double xi = in[i].get(k);
                        int xs = i;
                        boolean xReal = m[i] == null || real(in[i], m[i], k);
                        if (m[i] != null && !xReal) {
                            xi = v;
                            xs = src;
                        }
                        if (tracking && !outReal) {
                            v = xi;
                            src = xs;
                        }
                        if (maximum ? xi > v : xi < v) {
                            v = xi;
                            src = xs;
                        }
                        if (tracking && m[i] != null) {
                            outReal = outReal || xReal;
                        } else {
                            tracking = false;
                        }
                    }
                    source[e] = src;
                }
            }
            out.set(e, v);
        }
        return new Tensor[] {out};
    }

    @Override
    public Tensor[] backward(Tensor[] in, Tensor[] masks, Tensor[] dOut, RunContext ctx) {
        Tensor dz = dOut[0];
        int n = in.length;
        for (Tensor d : dx) {
            d.fill(0);
        }
        Tensor[] m = new Tensor[n];
        for (int i = 0; i < n; i++) {
            m[i] = maskOf(in[i], masks, i);
        }
        boolean outMasked = allMasked(in, masks);
        for (int e = 0; e < out.size; e++) {
            double g = dz.get(e);
            switch (op) {
                case ADD -> {
                    for (int i = 0; i < n; i++) {
                        dx[i].add(at(i, e), g);
                    }
                }
                case AVERAGE -> {
                    for (int i = 0; i < n; i++) {
                        dx[i].add(at(i, e), g / n);
                    }
                }
                case SUBTRACT -> {
                    dx[0].add(at(0, e), g);
                    dx[1].add(at(1, e), -g);
                }
                case MULTIPLY -> {
                    boolean anyReal = false;
                    for (int i = 0; i < n; i++) {
                        anyReal |= real(in[i], m[i], at(i, e));
                    }
                    if (outMasked && !anyReal) {
                        continue;
                    }
                    for (int i = 0; i < n; i++) {
                        int k = at(i, e);
                        if (!real(in[i], m[i], k)) {
                            continue;
                        }
                        double others = g;
                        for (int j = 0; j < n; j++) {
                            int kj = at(j, e);
                            if (j != i && real(in[j], m[j], kj)) {
                                others *= in[j].get(kj);
                            }
                        }
                        dx[i].add(k, others);
                    }
                }
                default -> dx[source[e]].add(at(source[e], e), g);
            }
        }
        return dx.clone();
    }

    /** Keras 3: OR of the input masks when every input has one, else none. */
    @Override
    public Tensor outputMask(Tensor[] in, Tensor[] masks) {
        if (!allMasked(in, masks)) {
            return null;
        }
        long batch = outShape[0];
        long steps = outShape[1];
        mask = ensure(mask, in[0].dataType(), batch, steps);
        for (int b = 0; b < batch; b++) {
            for (int s = 0; s < steps; s++) {
                double v = 0;
                for (int i = 0; i < in.length; i++) {
                    Tensor mi = masks[i];
                    long[] sh = in[i].shape;
                    int bi = sh[0] == 1 ? 0 : b;
                    int si = sh[1] == 1 ? 0 : s;
                    if (mi.get((int) (bi * sh[1] + si)) != 0) {
                        v = 1;
                        break;
                    }
                }
                mask.set((int) (b * steps + s), v);
            }
        }
        return mask;
    }
}
