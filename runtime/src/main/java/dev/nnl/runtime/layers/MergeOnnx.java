package dev.nnl.runtime.layers;

import dev.nnl.compiler.ir.LayerNode;
import dev.nnl.runtime.kernels.merge.MergeKernel.Op;
import dev.nnl.runtime.onnx.Attr;
import dev.nnl.runtime.onnx.OnnxLowering.Lowered;
import dev.nnl.runtime.onnx.OnnxScope;
import dev.nnl.runtime.onnx.OnnxValue;
import dev.nnl.runtime.samediff.ExportException;
import java.util.List;

/**
 * The ONNX lowerings of the {@link Merge} family, the same walk over the inputs and the same
 * mask rules as Merge's SameDiff lowerings (MergeKernel, ConcatenateKernel); ONNX's elementwise
 * ops broadcast as Keras's merge layers do.
 */
final class MergeOnnx {
    private MergeOnnx() {
    }

    /** The input's (batch, steps) mask broadcast over its feature axes, or null when it has none. */
    private static String realAt(OnnxScope s, OnnxValue v) {
        if (v.mask() == null || v.shape().rank() < 1) {
            return null;
        }
        String m = v.mask();
        for (int axis = 2; axis <= v.shape().rank(); axis++) {
            m = s.unsqueeze(m, axis);
        }
        return m;
    }

    static Lowered merge(OnnxScope s, LayerNode n, OnnxValue[] in, Op op) {
        int count = in.length;
        String[] x = new String[count];
        String[] real = new String[count];
        boolean allMasked = true;
        for (int i = 0; i < count; i++) {
            x[i] = in[i].floats(s);
            real[i] = realAt(s, in[i]);
            allMasked &= real[i] != null;
        }
        String v;
        switch (op) {
            case ADD, AVERAGE -> {
                v = x[0];
                for (int i = 1; i < count; i++) {
                    v = s.add(v, x[i]);
                }
                if (op == Op.AVERAGE) {
                    v = s.div(v, s.scalar("count", count));
                }
            }
            case SUBTRACT -> v = s.sub(x[0], x[1]);
            case MULTIPLY -> {
                v = null;
                String anyReal = null;
                for (int i = 0; i < count; i++) {
                    String xi = real[i] == null ? x[i] : s.blend(real[i], x[i], s.scalar("one", 1));
                    v = v == null ? xi : s.mul(v, xi);
                    if (allMasked) {
                        anyReal = anyReal == null ? real[i] : s.op("Max", List.of(anyReal, real[i]));
                    }
                }
                if (allMasked) {
                    v = s.mul(v, anyReal);
                }
            }
            default -> {
                // MergeKernel's walk over the inputs (Keras's _apply_merge_op_and_or_mask), elementwise.
                String minMax = op == Op.MAXIMUM ? "Max" : "Min";
                v = x[0];
                String outReal = real[0];
                boolean tracking = real[0] != null;
                for (int i = 1; i < count; i++) {
                    String xi = real[i] == null ? x[i] : s.blend(real[i], x[i], v);
                    if (tracking) {
                        v = s.blend(outReal, v, xi);
                    }
                    v = s.op(minMax, List.of(v, xi));
                    if (tracking && real[i] != null) {
                        outReal = s.op("Max", List.of(outReal, real[i]));
                    } else {
                        tracking = false;
                    }
                }
            }
        }
        return Lowered.of(v, allMasked ? anyMask(s, in) : null);
    }

    /** The OR of the inputs' masks. */
    private static String anyMask(OnnxScope s, OnnxValue[] in) {
        String m = in[0].mask();
        for (int i = 1; i < in.length; i++) {
            m = s.op("Max", List.of(m, in[i].mask()));
        }
        return m;
    }

    static Lowered concatenate(OnnxScope s, LayerNode n, OnnxValue[] in) throws ExportException {
        int rank = in[0].rank();
        long a = n.args().getLong("axis");
        long axis = a < 0 ? a + rank : a;
        String[] x = new String[in.length];
        boolean anyMask = false;
        for (int i = 0; i < in.length; i++) {
            x[i] = in[i].floats(s);
            anyMask |= in[i].mask() != null;
        }
        String out = s.op("Concat", List.of(x), Attr.i("axis", axis));
        if (!anyMask || rank < 3) {
            return Lowered.of(out, null);
        }
        if (rank != 3) {
            throw ExportException.onnx(n, "concatenating masked inputs of rank " + rank + " is not supported",
                    "Only (batch, steps, features) inputs carry masks through Concatenate in the export");
        }
        // ConcatenateKernel: each mask broadcast over its input's last axis (all real without one),
        // joined along the axis, then OR-ed over the last axis.
        String[] spread = new String[in.length];
        for (int i = 0; i < in.length; i++) {
            String ones = s.op("Expand", List.of(s.scalar("one", 1), s.op("Shape", List.of(x[i]))));
            spread[i] = in[i].mask() == null ? ones : s.mul(ones, s.unsqueeze(in[i].mask(), 2));
        }
        String mask = s.reduce("ReduceMax", s.op("Concat", List.of(spread), Attr.i("axis", axis)), false, 2);
        return Lowered.of(out, mask);
    }
}
