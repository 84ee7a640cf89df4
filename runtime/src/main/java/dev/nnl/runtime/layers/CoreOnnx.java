package dev.nnl.runtime.layers;

import dev.nnl.compiler.ir.LayerNode;
import dev.nnl.compiler.ir.Shape;
import dev.nnl.runtime.kernels.Activation;
import dev.nnl.runtime.onnx.Attr;
import dev.nnl.runtime.onnx.OnnxLowering.Lowered;
import dev.nnl.runtime.onnx.OnnxScope;
import dev.nnl.runtime.onnx.OnnxValue;
import dev.nnl.runtime.samediff.ExportException;
import java.util.List;

/**
 * The ONNX lowerings of the {@link Core} family, written as the SameDiff lowerings in Core are:
 * Dense is MatMul (+ Add), the inference-only identities are Identity nodes, shape changes are
 * Flatten, Reshape, Transpose and Tile, Embedding is Gather. Masks pass through as the kernels'
 * {@code outputMask} says.
 */
final class CoreOnnx {
    private CoreOnnx() {
    }

    private static String mask(OnnxValue[] in) {
        return in.length == 0 ? null : in[0].mask();
    }

    static Lowered dense(OnnxScope s, LayerNode n, OnnxValue[] in) {
        // MatMul broadcasts over leading axes, so (batch, steps, features) needs no reshape.
        String z = s.op("MatMul", List.of(in[0].floats(s), s.initializer(n, "kernel")));
        if (n.args().getBool("use_bias")) {
            z = s.op("Add", List.of(z, s.initializer(n, "bias")));
        }
        return Lowered.of(Activation.of(n.args().getString("activation")).onnx(s, z), mask(in));
    }

    static Lowered activation(OnnxScope s, LayerNode n, OnnxValue[] in) {
        return Lowered.of(Activation.of(n.args().getString("activation")).onnx(s, in[0].floats(s)), mask(in));
    }

    static Lowered softmax(OnnxScope s, LayerNode n, OnnxValue[] in) {
        long a = n.args().getLong("axis");
        return Lowered.of(s.op("Softmax", List.of(in[0].floats(s)), Attr.i("axis", a < 0 ? a + in[0].rank() : a)), mask(in));
    }

    /** keras.layers.ReLU: x ≥ max → max; x ≥ threshold → x; else slope·(x − threshold). */
    static Lowered relu(OnnxScope s, LayerNode n, OnnxValue[] in) {
        String x = in[0].floats(s);
        Object m = n.args().get("max_value");
        double slope = n.args().getDouble("negative_slope");
        double threshold = n.args().getDouble("threshold");
        String t = s.scalar("threshold", threshold);
        String below = s.mul(s.sub(x, t), s.scalar("negative_slope", slope));
        String y = s.op("Where", List.of(s.op("GreaterOrEqual", List.of(x, t)), x, below));
        if (m != null) {
            String max = s.scalar("max_value", (Double) m);
            y = s.op("Where", List.of(s.op("GreaterOrEqual", List.of(x, max)), max, y));
        }
        return Lowered.of(y, mask(in));
    }

    static Lowered leakyRelu(OnnxScope s, LayerNode n, OnnxValue[] in) {
        return Lowered.of(s.op("LeakyRelu", List.of(in[0].floats(s)), Attr.f("alpha", n.args().getDouble("negative_slope"))), mask(in));
    }

    static Lowered elu(OnnxScope s, LayerNode n, OnnxValue[] in) {
        return Lowered.of(s.op("Elu", List.of(in[0].floats(s)), Attr.f("alpha", n.args().getDouble("alpha"))), mask(in));
    }

    /** Dropout, SpatialDropout and GaussianNoise act only while training: an Identity node keeps the layer visible. */
    static Lowered identity(OnnxScope s, LayerNode n, OnnxValue[] in) {
        return Lowered.of(s.op("Identity", List.of(in[0].name())), mask(in));
    }

    /** Flatten: one row per sample, whatever the sizes. */
    static Lowered flatten(OnnxScope s, LayerNode n, OnnxValue[] in) {
        return Lowered.of(s.op("Flatten", List.of(in[0].name()), Attr.i("axis", 1)), null);
    }

    /** Reshape: C order as Keras; the output shape is the checker's, the batch axis -1. */
    static Lowered reshape(OnnxScope s, LayerNode n, OnnxValue[] in) throws ExportException {
        Shape out = n.outputShapes().get(0);
        if (!out.fullyKnown()) {
            throw ExportException.onnx(n, "its output shape " + out + " has an unknown axis besides the batch",
                    "Give the input a fixed size so the reshape is fully determined");
        }
        return Lowered.of(s.op("Reshape", List.of(in[0].name(), s.longs("shape", out.prepend(-1).dims()))), null);
    }

    static Lowered permute(OnnxScope s, LayerNode n, OnnxValue[] in) {
        long[] dims = n.args().getLongs("dims");
        long[] perm = new long[dims.length + 1];
        System.arraycopy(dims, 0, perm, 1, dims.length);
        return Lowered.of(s.transpose(in[0].name(), perm), null);
    }

    static Lowered repeatVector(OnnxScope s, LayerNode n, OnnxValue[] in) {
        String x = s.unsqueeze(in[0].floats(s), 1);
        return Lowered.of(s.op("Tile", List.of(x, s.longs("repeats", 1, n.args().getInt("n"), 1))), null);
    }

    /** A row lookup; with mask_zero, id 0 is padding and the output mask marks the other positions. */
    static Lowered embedding(OnnxScope s, LayerNode n, OnnxValue[] in) {
        String ids = in[0].ints() ? in[0].name() : s.cast(in[0].name(), OnnxScope.INT32);
        String out = s.op("Gather", List.of(s.initializer(n, "embeddings"), ids), Attr.i("axis", 0));
        String m = mask(in);
        if (n.args().getBool("mask_zero")) {
            String isPad = s.op("Equal", List.of(s.cast(ids, OnnxScope.FLOAT), s.scalar("zero", 0)));
            m = s.cast(s.op("Not", List.of(isPad)), OnnxScope.FLOAT);
        }
        return Lowered.of(out, m);
    }
}
