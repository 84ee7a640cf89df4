package dev.nnl.runtime.layers;

import dev.nnl.compiler.ir.LayerNode;
import dev.nnl.compiler.ir.Shape;
import dev.nnl.compiler.layers.conv.ConvSpec;
import dev.nnl.compiler.layers.conv.Padding;
import dev.nnl.compiler.layers.conv.Window;
import dev.nnl.runtime.kernels.Activation;
import dev.nnl.runtime.onnx.Attr;
import dev.nnl.runtime.onnx.OnnxLowering.Lowered;
import dev.nnl.runtime.onnx.OnnxScope;
import dev.nnl.runtime.onnx.OnnxValue;
import dev.nnl.runtime.samediff.ExportException;
import java.util.ArrayList;
import java.util.List;

/**
 * The ONNX lowerings of the {@link Conv} family. ONNX's Conv and pooling ops read channels
 * first, while nnl's tensors (and the exported graph's inputs and outputs) are channels last: each
 * layer transposes in and back out, and Keras's (k…, in, out) kernel is stored rearranged as
 * ONNX's (out, in, k…). Keras's same and causal padding become the ops' explicit {@code pads},
 * placed by the compiler's {@link Window} as the kernels place them; AveragePool with
 * count_include_pad=0 divides by the real cells, as Keras, and MaxPool never picks a padding cell.
 */
final class ConvOnnx {
    private ConvOnnx() {
    }

    private static ConvSpec channelsLast(LayerNode n) throws ExportException {
        if (!n.args().getString("data_format").equals("channels_last")) {
            throw ExportException.onnx(n, "only data_format=channels_last is supported", "");
        }
        return ConvSpec.of(n.args());
    }

    /** The ops' window attributes: kernel_shape, strides, dilations and pads (all befores, then all afters). */
    private record Windows(long[] kernel, long[] strides, long[] dilations, long[] pads) {
        static Windows of(LayerNode n, ConvSpec spec, Shape shape) throws ExportException {
            int k = spec.spatial();
            long[] kernel = new long[k];
            long[] strides = new long[k];
            long[] dilations = new long[k];
            long[] pads = new long[2 * k];
            for (int i = 0; i < k; i++) {
                Window w = spec.axis(i);
                kernel[i] = w.kernel();
                strides[i] = w.stride();
                dilations[i] = w.dilation();
                long in = shape.dim(i);
                if (w.padding() != Padding.VALID) {
                    if (in == Shape.NONE) {
                        throw ExportException.onnx(n, "its input has an unknown spatial size and padding=" + w.padding().name().toLowerCase(java.util.Locale.ROOT),
                                "The padding depends on the size: declare the input's full shape, or use padding=\"valid\"");
                    }
                    pads[i] = w.padBefore(in);
                    pads[k + i] = w.padAfter(in);
                }
            }
            return new Windows(kernel, strides, dilations, pads);
        }
    }

    /** Axis permutation channels last → channels first for a rank-(k+2) tensor. */
    private static long[] toFirst(int k) {
        long[] p = new long[k + 2];
        p[1] = k + 1;
        for (int i = 0; i < k; i++) {
            p[i + 2] = i + 1;
        }
        return p;
    }

    /** Axis permutation channels first → channels last. */
    private static long[] toLast(int k) {
        long[] p = new long[k + 2];
        for (int i = 0; i < k; i++) {
            p[i + 1] = i + 2;
        }
        p[k + 1] = 1;
        return p;
    }

    static Lowered conv(OnnxScope s, LayerNode n, OnnxValue[] in) throws ExportException {
        var a = n.args();
        ConvSpec spec = channelsLast(n);
        int k = spec.spatial();
        Windows w = Windows.of(n, spec, in[0].shape());
        String x = s.transpose(in[0].floats(s), toFirst(k));
        List<String> inputs = new ArrayList<>(List.of(x, kernel(s, n)));
        if (a.getBool("use_bias")) {
            inputs.add(s.initializer(n, "bias"));
        }
        String z = s.op("Conv", inputs, Attr.ints("kernel_shape", w.kernel()), Attr.ints("strides", w.strides()),
                Attr.ints("dilations", w.dilations()), Attr.ints("pads", w.pads()), Attr.i("group", a.getInt("groups")));
        z = s.transpose(z, toLast(k));
        return Lowered.of(Activation.of(a.getString("activation")).onnx(s, z), null);
    }

    /** Keras's (k…, in/groups, out) kernel as ONNX's (out, in/groups, k…), named {@code layer/W}. */
    private static String kernel(OnnxScope s, LayerNode n) {
        OnnxScope.Weight kw = s.weight(n, "kernel");
        long[] d = kw.dims();
        int k = d.length - 2;
        long cin = d[k];
        long out = d[k + 1];
        long window = 1;
        for (int i = 0; i < k; i++) {
            window *= d[i];
        }
        float[] data = new float[kw.data().length];
        // Source index: (cell of the window, ci, o) row-major; target: (o, ci, cell).
        for (long cell = 0; cell < window; cell++) {
            for (long ci = 0; ci < cin; ci++) {
                for (long o = 0; o < out; o++) {
                    data[(int) ((o * cin + ci) * window + cell)] = kw.data()[(int) ((cell * cin + ci) * out + o)];
                }
            }
        }
        long[] dims = new long[k + 2];
        dims[0] = out;
        dims[1] = cin;
        System.arraycopy(d, 0, dims, 2, k);
        return s.constant("W", data, dims);
    }

    static Lowered pool(OnnxScope s, LayerNode n, OnnxValue[] in, boolean max) throws ExportException {
        // ConvSpec gives Keras's default strides, the pool size.
        ConvSpec spec = channelsLast(n);
        int k = spec.spatial();
        Windows w = Windows.of(n, spec, in[0].shape());
        String x = s.transpose(in[0].floats(s), toFirst(k));
        List<Attr> attrs = new ArrayList<>(List.of(Attr.ints("kernel_shape", w.kernel()), Attr.ints("strides", w.strides()),
                Attr.ints("pads", w.pads())));
        if (!max) {
            attrs.add(Attr.i("count_include_pad", 0));
        }
        String z = s.op(max ? "MaxPool" : "AveragePool", List.of(x), attrs.toArray(Attr[]::new));
        return Lowered.of(s.transpose(z, toLast(k)), null);
    }

    /**
     * Global pooling over the spatial axes. The 1D average honours a mask (real steps only; a row
     * without one gives 0, as GlobalPoolKernel); max ignores it, as Keras 3.
     */
    static Lowered globalPool(OnnxScope s, LayerNode n, OnnxValue[] in, boolean max) throws ExportException {
        if (!n.args().getString("data_format").equals("channels_last")) {
            throw ExportException.onnx(n, "only data_format=channels_last is supported", "");
        }
        boolean keep = n.args().getBool("keepdims");
        String x = in[0].floats(s);
        int rank = in[0].rank();
        long[] axes = new long[rank - 2];
        for (int i = 0; i < axes.length; i++) {
            axes[i] = i + 1;
        }
        String mask = in[0].mask();
        String z;
        if (max) {
            z = s.reduce("ReduceMax", x, keep, axes);
        } else if (mask != null && rank == 3) {
            String m = s.unsqueeze(mask, 2);
            String count = s.reduce("ReduceSum", m, keep, 1);
            // count + (count == 0): a row with no real step divides 0 by 1.
            String safe = s.add(count, s.cast(s.op("Equal", List.of(count, s.scalar("zero", 0))), OnnxScope.FLOAT));
            z = s.div(s.reduce("ReduceSum", s.mul(x, m), keep, 1), safe);
        } else {
            z = s.reduce("ReduceMean", x, keep, axes);
        }
        return Lowered.of(z, null);
    }
}
