package dev.nnl.runtime.layers;

import dev.nnl.compiler.ir.LayerNode;
import dev.nnl.runtime.kernels.norm.BatchNormKernel;
import dev.nnl.runtime.kernels.norm.LayerNormKernel;
import dev.nnl.runtime.samediff.ExportException;
import dev.nnl.runtime.samediff.ExportScope;
import dev.nnl.runtime.samediff.Lowering.Lowered;
import dev.nnl.runtime.samediff.SdValue;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * BatchNormalization (inference: the moving statistics) and LayerNormalization, written out as
 * the runtime's BatchNormKernel and LayerNormKernel compute them; per-axis weights are reshaped
 * to broadcast over the input.
 */
final class Normalization {
    private Normalization() {
    }

    static void addTo(LayerRuntimes.Entries r) {
        r.add("BatchNormalization", BatchNormKernel::new, Normalization::batchNorm, NormalizationOnnx::batchNorm, KerasMapping.generic()
                .tfjsLimit((a, in) -> { long x = a.getLong("axis"); return x != -1 && x != in.get(0).rank(); },
                        "TF.js 4.22 normalizes the wrong axis when axis is not the last")
                .ignoring("synchronized", "fused")
                .refusingSet("renorm", "batch renormalization is not supported")
                .refusingSet("virtual_batch_size", "ghost batch normalization is not supported")
                .refusingSet("adjustment", "a custom adjustment function is code, which an import never runs"));
        r.add("LayerNormalization", LayerNormKernel::new, Normalization::layerNorm, NormalizationOnnx::layerNorm, KerasMapping.generic()
                .tfjsLimit(a -> a.getBool("rms_scaling"), "TF.js 4.22 LayerNormalization has no rms_scaling"));
    }

    /** A shape of {@code rank} ones with the sizes of {@code shape} on the {@code axes}: weights that broadcast. */
    private static long[] broadcast(long[] shape, boolean[] axes) {
        long[] b = new long[shape.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = axes[i] ? shape[i] : 1;
        }
        return b;
    }

    /** The per-sample shape with a batch axis of 1. */
    private static long[] withUnitBatch(SdValue v) {
        return v.shape().prepend(1).dims();
    }

    static Lowered batchNorm(ExportScope s, LayerNode n, SdValue[] in) throws ExportException {
        var a = n.args();
        long[] shape = withUnitBatch(in[0]);
        long ax = a.getLong("axis");
        int axis = (int) (ax < 0 ? ax + shape.length : ax);
        if (shape[axis] < 0) {
            throw ExportException.at(n, "its normalized axis has an unknown size", "Declare the input's full shape");
        }
        boolean[] on = new boolean[shape.length];
        on[axis] = true;
        long[] b = broadcast(shape, on);
        SDVariable x = in[0].floats();
        SDVariable mean = s.weight(n, "moving_mean").reshape(b);
        SDVariable var = s.weight(n, "moving_variance").reshape(b);
        SDVariable y = x.sub(mean).mul(s.sd.math().rsqrt(var.add(a.getDouble("epsilon"))));
        if (a.getBool("scale")) {
            y = y.mul(s.weight(n, "gamma").reshape(b));
        }
        if (a.getBool("center")) {
            y = y.add(s.weight(n, "beta").reshape(b));
        }
        return Lowered.of(y, in[0].mask());
    }

    /**
     * Mean and biased variance over the normalized axes; with rms_scaling the mean is not
     * subtracted from x (Keras 3, reproduced by LayerNormKernel).
     */
    static Lowered layerNorm(ExportScope s, LayerNode n, SdValue[] in) throws ExportException {
        var a = n.args();
        long[] shape = withUnitBatch(in[0]);
        int rank = shape.length;
        boolean[] on = new boolean[rank];
        long[] axesArg = a.getLongs("axis");
        int[] axes = new int[axesArg.length];
        for (int i = 0; i < axesArg.length; i++) {
            axes[i] = (int) (axesArg[i] < 0 ? axesArg[i] + rank : axesArg[i]);
            on[axes[i]] = true;
            if (shape[axes[i]] < 0) {
                throw ExportException.at(n, "a normalized axis has an unknown size", "Declare the input's full shape");
            }
        }
        long[] b = broadcast(shape, on);
        SDVariable x = in[0].floats();
        SDVariable mean = s.sd.mean(x, true, axes);
        SDVariable centered = x.sub(mean);
        SDVariable variance = s.sd.mean(s.sd.math().square(centered), true, axes);
        SDVariable inv = s.sd.math().rsqrt(variance.add(a.getDouble("epsilon")));
        SDVariable y = (a.getBool("rms_scaling") ? x : centered).mul(inv);
        if (s.hasWeight(n, "gamma")) {
            y = y.mul(s.weight(n, "gamma").reshape(b));
        }
        if (s.hasWeight(n, "beta")) {
            y = y.add(s.weight(n, "beta").reshape(b));
        }
        return Lowered.of(y, in[0].mask());
    }
}
