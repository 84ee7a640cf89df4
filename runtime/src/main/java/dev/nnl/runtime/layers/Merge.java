package dev.nnl.runtime.layers;

import dev.nnl.compiler.ir.LayerNode;
import dev.nnl.runtime.kernels.merge.ConcatenateKernel;
import dev.nnl.runtime.kernels.merge.MergeKernel.Op;
import dev.nnl.runtime.kernels.merge.MergeKernel;
import dev.nnl.runtime.samediff.ExportException;
import dev.nnl.runtime.samediff.ExportScope;
import dev.nnl.runtime.samediff.Lowering.Lowered;
import dev.nnl.runtime.samediff.SdValue;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Add, Subtract, Multiply, Average, Maximum, Minimum and Concatenate, with the Keras 3 mask rules
 * MergeKernel and ConcatenateKernel implement: the output mask is the OR of the input masks
 * (none unless every input has one); Maximum/Minimum ignore masked values, Multiply treats them
 * as 1. Masks are 1/0 floats, so "where" is written as a blend {@code m·a + (1 − m)·b}.
 */
final class Merge {
    private Merge() {
    }

    static void addTo(LayerRuntimes.Entries r) {
        add(r, "Add", Op.ADD);
        add(r, "Subtract", Op.SUBTRACT);
        add(r, "Multiply", Op.MULTIPLY);
        add(r, "Average", Op.AVERAGE);
        add(r, "Maximum", Op.MAXIMUM);
        add(r, "Minimum", Op.MINIMUM);
        r.add("Concatenate", ConcatenateKernel::new, Merge::concatenate, MergeOnnx::concatenate, KerasMapping.generic());
    }

    private static void add(LayerRuntimes.Entries r, String className, Op op) {
        KerasMapping keras = op == Op.SUBTRACT ? KerasMapping.generic().tfjsLimit(a -> true, "TF.js 4.22 has no Subtract layer")
                : KerasMapping.generic();
        r.add(className, n -> new MergeKernel(n, op), (s, n, in) -> merge(s, n, in, op), (s, n, in) -> MergeOnnx.merge(s, n, in, op), keras);
    }

    /** The input's (batch, steps) mask broadcast over its feature axes, or null when it has none. */
    private static SDVariable realAt(SdValue v) {
        if (v.mask() == null || v.shape().rank() < 1) {
            return null;
        }
        // Trailing unit axes by expandDims, not reshape: a reshape would need the step count,
        // which is unknown (-1, like the batch) for variable-length sequences.
        SDVariable m = v.mask();
        for (int axis = 2; axis <= v.shape().rank(); axis++) {
            m = m.getSameDiff().expandDims(m, axis);
        }
        return m;
    }

    private static SDVariable blend(SDVariable m, SDVariable a, SDVariable b) {
        return m.mul(a).add(m.rsub(1).mul(b));
    }

    static Lowered merge(ExportScope s, LayerNode n, SdValue[] in, Op op) {
        SameDiff sd = s.sd;
        int count = in.length;
        SDVariable[] x = new SDVariable[count];
        SDVariable[] real = new SDVariable[count];
        boolean allMasked = true;
        for (int i = 0; i < count; i++) {
            x[i] = in[i].floats();
            real[i] = realAt(in[i]);
            allMasked &= real[i] != null;
        }
        SDVariable v;
        switch (op) {
            case ADD, AVERAGE -> {
                v = x[0];
                for (int i = 1; i < count; i++) {
                    v = v.add(x[i]);
                }
                if (op == Op.AVERAGE) {
                    v = v.div(count);
                }
            }
            case SUBTRACT -> v = x[0].sub(x[1]);
            case MULTIPLY -> {
                v = null;
                SDVariable anyReal = null;
                for (int i = 0; i < count; i++) {
                    SDVariable xi = real[i] == null ? x[i] : blend(real[i], x[i], sd.onesLike(x[i]));
                    v = v == null ? xi : v.mul(xi);
                    if (allMasked) {
                        anyReal = anyReal == null ? real[i] : sd.math().max(anyReal, real[i]);
                    }
                }
                if (allMasked) {
                    v = v.mul(anyReal);
                }
            }
            default -> {
                // MergeKernel's walk over the inputs (Keras's _apply_merge_op_and_or_mask), elementwise.
                boolean maximum = op == Op.MAXIMUM;
                v = x[0];
                SDVariable outReal = real[0];
                boolean tracking = real[0] != null;
                for (int i = 1; i < count; i++) {
                    SDVariable xi = real[i] == null ? x[i] : blend(real[i], x[i], v);
                    if (tracking) {
                        v = blend(outReal, v, xi);
                    }
                    v = maximum ? sd.math().max(v, xi) : sd.math().min(v, xi);
                    if (tracking && real[i] != null) {
                        outReal = sd.math().max(outReal, real[i]);
                    } else {
                        tracking = false;
                    }
                }
            }
        }
        return Lowered.of(v, allMasked ? anyMask(sd, in) : null);
    }

    /** The OR of the inputs' masks. */
    private static SDVariable anyMask(SameDiff sd, SdValue[] in) {
        SDVariable m = in[0].mask();
        for (int i = 1; i < in.length; i++) {
            m = sd.math().max(m, in[i].mask());
        }
        return m;
    }

    static Lowered concatenate(ExportScope s, LayerNode n, SdValue[] in) throws ExportException {
        int rank = in[0].shape().rank() + 1;
        long a = n.args().getLong("axis");
        int axis = (int) (a < 0 ? a + rank : a);
        SDVariable[] x = new SDVariable[in.length];
        boolean anyMask = false;
        for (int i = 0; i < in.length; i++) {
            x[i] = in[i].floats();
            anyMask |= in[i].mask() != null;
        }
        SDVariable out = s.sd.concat(axis, x);
        if (!anyMask || rank < 3) {
            return Lowered.of(out, null);
        }
        if (rank != 3) {
            throw ExportException.at(n, "concatenating masked inputs of rank " + rank + " is not supported",
                    "Only (batch, steps, features) inputs carry masks through Concatenate in the export");
        }
        // ConcatenateKernel: each mask broadcast over its input's last axis (all real without one),
        // joined along the axis, then OR-ed over the last axis.
        SDVariable[] spread = new SDVariable[in.length];
        for (int i = 0; i < in.length; i++) {
            SDVariable ones = s.sd.onesLike(x[i]);
            spread[i] = in[i].mask() == null ? ones : ones.mul(s.sd.expandDims(in[i].mask(), 2));
        }
        SDVariable mask = s.sd.max(s.sd.concat(axis, spread), false, 2);
        return Lowered.of(out, mask.castTo(DataType.FLOAT));
    }
}
