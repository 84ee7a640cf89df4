package dev.nnl.runtime.layers;

import dev.nnl.compiler.ir.LayerNode;
import dev.nnl.runtime.onnx.OnnxLowering.Lowered;
import dev.nnl.runtime.onnx.OnnxScope;
import dev.nnl.runtime.onnx.OnnxValue;
import dev.nnl.runtime.samediff.ExportException;
import java.util.List;

/**
 * The ONNX lowerings of the {@link Normalization} family, written out op by op as
 * BatchNormKernel and LayerNormKernel compute them (ONNX's BatchNormalization reads channels
 * first, and its LayerNormalization has no rms_scaling form). Per-axis weights are stored with
 * the broadcast dims they are used with.
 */
final class NormalizationOnnx {
    private NormalizationOnnx() {
    }

    /** A shape of ones with the sizes of {@code shape} on the {@code axes}. */
    private static long[] broadcast(long[] shape, boolean[] axes) {
        long[] b = new long[shape.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = axes[i] ? shape[i] : 1;
        }
        return b;
    }

    static Lowered batchNorm(OnnxScope s, LayerNode n, OnnxValue[] in) throws ExportException {
        var a = n.args();
        long[] shape = in[0].shape().prepend(1).dims();
        long ax = a.getLong("axis");
        int axis = (int) (ax < 0 ? ax + shape.length : ax);
        if (shape[axis] < 0) {
            throw ExportException.onnx(n, "its normalized axis has an unknown size", "Declare the input's full shape");
        }
        boolean[] on = new boolean[shape.length];
        on[axis] = true;
        long[] b = broadcast(shape, on);
        String x = in[0].floats(s);
        String mean = s.initializer(n, "moving_mean", b);
        String var = s.initializer(n, "moving_variance", b);
        String std = s.op("Sqrt", List.of(s.add(var, s.scalar("epsilon", a.getDouble("epsilon")))));
        String y = s.div(s.sub(x, mean), std);
        if (a.getBool("scale")) {
            y = s.mul(y, s.initializer(n, "gamma", b));
        }
        if (a.getBool("center")) {
            y = s.add(y, s.initializer(n, "beta", b));
        }
        return Lowered.of(y, in[0].mask());
    }

    /**
     * Mean and biased variance over the normalized axes; with rms_scaling the mean is not
     * subtracted from x (Keras 3, reproduced by LayerNormKernel).
     */
    static Lowered layerNorm(OnnxScope s, LayerNode n, OnnxValue[] in) throws ExportException {
        var a = n.args();
        long[] shape = in[0].shape().prepend(1).dims();
        int rank = shape.length;
        boolean[] on = new boolean[rank];
        long[] axesArg = a.getLongs("axis");
        long[] axes = new long[axesArg.length];
        for (int i = 0; i < axesArg.length; i++) {
            axes[i] = axesArg[i] < 0 ? axesArg[i] + rank : axesArg[i];
            on[(int) axes[i]] = true;
            if (shape[(int) axes[i]] < 0) {
                throw ExportException.onnx(n, "a normalized axis has an unknown size", "Declare the input's full shape");
            }
        }
        long[] b = broadcast(shape, on);
        String x = in[0].floats(s);
        String centered = s.sub(x, s.reduce("ReduceMean", x, true, axes));
        String variance = s.reduce("ReduceMean", s.mul(centered, centered), true, axes);
        String std = s.op("Sqrt", List.of(s.add(variance, s.scalar("epsilon", a.getDouble("epsilon")))));
        String y = s.div(a.getBool("rms_scaling") ? x : centered, std);
        if (s.hasWeight(n, "gamma")) {
            y = s.mul(y, s.initializer(n, "gamma", b));
        }
        if (s.hasWeight(n, "beta")) {
            y = s.add(y, s.initializer(n, "beta", b));
        }
        return Lowered.of(y, in[0].mask());
    }
}
