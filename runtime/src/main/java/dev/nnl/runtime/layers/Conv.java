package dev.nnl.runtime.layers;

import dev.nnl.compiler.ir.LayerNode;
import dev.nnl.compiler.ir.Shape;
import dev.nnl.compiler.layers.conv.ConvSpec;
import dev.nnl.compiler.layers.conv.Window;
import dev.nnl.runtime.kernels.Activation;
import dev.nnl.runtime.kernels.conv.ConvKernel;
import dev.nnl.runtime.kernels.pooling.GlobalPoolKernel;
import dev.nnl.runtime.kernels.pooling.PoolKernel;
import dev.nnl.runtime.samediff.ExportException;
import dev.nnl.runtime.samediff.ExportScope;
import dev.nnl.runtime.samediff.Lowering.Lowered;
import dev.nnl.runtime.samediff.SdValue;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.enums.WeightsFormat;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Pooling2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Conv1D/2D and pooling, the counterparts of {@code kernels.conv} and {@code kernels.pooling}.
 * Data is NHWC with YXIO weights (ND4J's conv2d weight format for Keras's
 * (kh, kw, in, out) kernels); a 1D layer is the 2D case over a height-1 image. Keras's same and
 * causal padding are written out as an explicit pad followed by a valid window, placed by the
 * compiler's {@link Window} as the kernels place it (the ONNX lowerings are in {@link ConvOnnx}): the ops' own "same" mode would have to
 * agree with TensorFlow on where the odd cell goes, and average pooling must not count padding.
 */
final class Conv {
    private Conv() {
    }

    /** Conv1D's and Conv2D's Keras config: LoRA refused, and what TF.js 4.22 cannot run. */
    private static final KerasMapping CONV_KERAS = KerasMapping.tfjsActivations(KerasMapping.generic()
            .ignoring("lora_alpha").refusingSet("lora_rank", "LoRA adapters are not supported; merge them into the kernel before saving")
            .tfjsLimit(a -> a.getLong("groups") != 1, "TF.js 4.22 has no grouped convolutions")
            .tfjsLimit(a -> "causal".equals(a.getString("padding")), "TF.js 4.22 cannot run causal padding (conv1dWithBias)"), "activation");

    /** The global poolings' Keras config. */
    private static final KerasMapping GLOBAL_POOL_KERAS = KerasMapping.generic()
            .tfjsLimit(a -> a.getBool("keepdims"), "TF.js 4.22 global pooling has no keepdims");

    static void addTo(LayerRuntimes.Entries r) {
        r.add("Conv1D", n -> new ConvKernel(n, 1), (s, n, in) -> conv(s, n, in, 1), ConvOnnx::conv, CONV_KERAS);
        r.add("Conv2D", n -> new ConvKernel(n, 2), (s, n, in) -> conv(s, n, in, 2), ConvOnnx::conv, CONV_KERAS);
        pool(r, "MaxPooling1D", true, 1);
        pool(r, "MaxPooling2D", true, 2);
        pool(r, "AveragePooling1D", false, 1);
        pool(r, "AveragePooling2D", false, 2);
        globalPool(r, "GlobalMaxPooling1D", true, GLOBAL_POOL_KERAS);
        globalPool(r, "GlobalMaxPooling2D", true, GLOBAL_POOL_KERAS);
        globalPool(r, "GlobalAveragePooling1D", false, GLOBAL_POOL_KERAS
                .tfjsLimitMasked(a -> true, "TF.js 4.22 averages over the padded steps too; Keras averages over the unmasked ones"));
        globalPool(r, "GlobalAveragePooling2D", false, GLOBAL_POOL_KERAS);
    }

    private static void pool(LayerRuntimes.Entries r, String className, boolean max, int spatial) {
        r.add(className, n -> new PoolKernel(n, max, spatial), (s, n, in) -> pool(s, n, in, max, spatial),
                (s, n, in) -> ConvOnnx.pool(s, n, in, max), KerasMapping.generic());
    }

    private static void globalPool(LayerRuntimes.Entries r, String className, boolean max, KerasMapping keras) {
        r.add(className, n -> new GlobalPoolKernel(n, max), (s, n, in) -> globalPool(s, n, in, max),
                (s, n, in) -> ConvOnnx.globalPool(s, n, in, max), keras);
    }

    /** Per spatial axis (height, width): its window, input size, output size, cells padded before and after. */
    private record Axis(Window window, long in, long out, long before, long after) {
        static Axis of(LayerNode n, long in, Window w) throws ExportException {
            if (in == Shape.NONE) {
                throw ExportException.at(n, "its input has an unknown spatial size",
                        "The SameDiff export needs fixed sizes for convolution and pooling: declare the input's full shape");
            }
            return new Axis(w, in, w.outputLength(in), w.padBefore(in), w.padAfter(in));
        }

        boolean padded() {
            return before > 0 || after > 0;
        }
    }

    /** The layer's window, for channels_last data (the only layout the export writes). */
    private static ConvSpec channelsLast(LayerNode n) throws ExportException {
        if (!n.args().getString("data_format").equals("channels_last")) {
            throw ExportException.at(n, "only data_format=channels_last is supported", "");
        }
        return ConvSpec.of(n.args());
    }

    /** The height axis of the NHWC view: the first spatial axis in 2D, one unpadded cell in 1D. */
    private static Axis height(LayerNode n, Shape shape, ConvSpec spec) throws ExportException {
        return Axis.of(n, spec.spatial() == 2 ? shape.dim(0) : 1, spec.height());
    }

    /** The width axis of the NHWC view: the last spatial axis. */
    private static Axis width(LayerNode n, Shape shape, ConvSpec spec) throws ExportException {
        return Axis.of(n, shape.dim(spec.spatial() - 1), spec.width());
    }

    /** The input as NHWC: a 1D input (batch, steps, channels) gains a height-1 axis. */
    private static SDVariable nhwc(SameDiff sd, SDVariable x, int spatial) {
        return spatial == 2 ? x : sd.expandDims(x, 1);
    }

    private static SDVariable pad(ExportScope s, SDVariable x, Axis y, Axis xAxis, double value) {
        if (!y.padded() && !xAxis.padded()) {
            return x;
        }
        INDArray pads = Nd4j.createFromArray(new int[][] {{0, 0}, {(int) y.before, (int) y.after},
                {(int) xAxis.before, (int) xAxis.after}, {0, 0}});
        return s.sd.nn().pad(x, s.constant(pads), value);
    }

    static Lowered conv(ExportScope s, LayerNode n, SdValue[] in, int spatial) throws ExportException {
        var a = n.args();
        ConvSpec spec = channelsLast(n);
        int filters = a.getInt("filters");
        int groups = a.getInt("groups");
        Shape shape = in[0].shape();
        Axis y = height(n, shape, spec);
        Axis x = width(n, shape, spec);
        long channels = shape.last();
        SDVariable xs = pad(s, nhwc(s.sd, in[0].floats(), spatial), y, x, 0);
        SDVariable w = s.weight(n, "kernel");
        if (spatial == 1) {
            w = w.reshape(1, x.window.kernel(), channels / groups, filters);
        }
        Conv2DConfig cfg = Conv2DConfig.builder().kH(y.window.kernel()).kW(x.window.kernel())
                .sH(y.window.stride()).sW(x.window.stride()).dH(y.window.dilation()).dW(x.window.dilation()).pH(0).pW(0)
                .paddingMode(PaddingMode.VALID).dataFormat("NHWC").weightsFormat(WeightsFormat.YXIO).build();
        SDVariable z;
        if (groups == 1) {
            z = s.sd.cnn().conv2d(xs, w, cfg);
        } else {
            // Grouped convolution: each group of input channels meets its own block of filters.
            long cg = channels / groups;
            long fg = filters / groups;
            SDVariable[] parts = new SDVariable[groups];
            for (int g = 0; g < groups; g++) {
                SDVariable xg = xs.get(SDIndex.all(), SDIndex.all(), SDIndex.all(), SDIndex.interval(g * cg, (g + 1) * cg));
                SDVariable wg = w.get(SDIndex.all(), SDIndex.all(), SDIndex.all(), SDIndex.interval(g * fg, (g + 1) * fg));
                parts[g] = s.sd.cnn().conv2d(xg, wg, cfg);
            }
            z = s.sd.concat(3, parts);
        }
        if (a.getBool("use_bias")) {
            z = z.add(s.weight(n, "bias"));
        }
        if (spatial == 1) {
            z = z.reshape(-1, x.out, filters);
        }
        return Lowered.of(Activation.of(a.getString("activation")).sameDiff(s.sd, z, spatial + 2), null);
    }

    static Lowered pool(ExportScope s, LayerNode n, SdValue[] in, boolean max, int spatial) throws ExportException {
        // ConvSpec gives Keras's default strides, the pool size; ND4J's default would be 1.
        ConvSpec spec = channelsLast(n);
        Shape shape = in[0].shape();
        Axis y = height(n, shape, spec);
        Axis x = width(n, shape, spec);
        long channels = shape.last();
        Pooling2DConfig cfg = Pooling2DConfig.builder().kH(y.window.kernel()).kW(x.window.kernel())
                .sH(y.window.stride()).sW(x.window.stride()).pH(0).pW(0).dH(1).dW(1)
                .paddingMode(PaddingMode.VALID).isNHWC(true)
                .type(max ? Pooling2D.Pooling2DType.MAX : Pooling2D.Pooling2DType.AVG).build();
        SDVariable xs = nhwc(s.sd, in[0].floats(), spatial);
        SDVariable z;
        if (max) {
            // Padding cells never win: every window has at least one real cell.
            z = s.sd.cnn().maxPooling2d(pad(s, xs, y, x, -Float.MAX_VALUE), cfg);
        } else {
            z = s.sd.cnn().avgPooling2d(pad(s, xs, y, x, 0), cfg);
            if (y.padded() || x.padded()) {
                // The op divided by the window size; Keras divides by the real cells in the window.
                z = z.mul(s.constant(windowScale(y, x)));
            }
        }
        if (spatial == 1) {
            z = z.reshape(-1, x.out, channels);
        }
        return Lowered.of(z, null);
    }

    /** Per output cell (1, oh, ow, 1): window size / real cells in the window. */
    private static INDArray windowScale(Axis y, Axis x) {
        long ph = y.window.kernel();
        long pw = x.window.kernel();
        long sh = y.window.stride();
        long sw = x.window.stride();
        float[] scale = new float[(int) (y.out * x.out)];
        for (int oy = 0; oy < y.out; oy++) {
            long rows = Math.min(oy * sh - y.before + ph, y.in) - Math.max(oy * sh - y.before, 0);
            for (int ox = 0; ox < x.out; ox++) {
                long cols = Math.min(ox * sw - x.before + pw, x.in) - Math.max(ox * sw - x.before, 0);
                scale[(int) (oy * x.out + ox)] = (float) ((double) ph * pw / (rows * cols));
            }
        }
        return Nd4j.create(scale, new long[] {1, y.out, x.out, 1}, DataType.FLOAT);
    }

    /**
     * Global pooling over the spatial axes. The 1D average honours a mask (real steps only; a row
     * without one gives 0, as GlobalPoolKernel); max ignores it, as Keras 3.
     */
    static Lowered globalPool(ExportScope s, LayerNode n, SdValue[] in, boolean max) throws ExportException {
        if (!n.args().getString("data_format").equals("channels_last")) {
            throw ExportException.at(n, "only data_format=channels_last is supported", "");
        }
        boolean keep = n.args().getBool("keepdims");
        SDVariable x = in[0].floats();
        int rank = in[0].shape().rank() + 1;
        int[] axes = new int[rank - 2];
        for (int i = 0; i < axes.length; i++) {
            axes[i] = i + 1;
        }
        SDVariable mask = in[0].mask();
        SDVariable z;
        if (max) {
            z = s.sd.max(x, keep, axes);
        } else if (mask != null && rank == 3) {
            SDVariable m = s.sd.expandDims(mask, 2);
            SDVariable count = s.sd.sum(m, keep, 1);
            // count + (count == 0): a row with no real step divides 0 by 1.
            SDVariable safe = count.add(count.eq(0.0).castTo(DataType.FLOAT));
            z = s.sd.sum(x.mul(m), keep, 1).div(safe);
        } else {
            z = s.sd.mean(x, keep, axes);
        }
        return Lowered.of(z, null);
    }
}
