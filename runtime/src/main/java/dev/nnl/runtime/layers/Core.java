package dev.nnl.runtime.layers;

import dev.nnl.compiler.ir.LayerNode;
import dev.nnl.compiler.ir.Shape;
import dev.nnl.runtime.kernels.Activation;
import dev.nnl.runtime.kernels.core.ActivationKernel;
import dev.nnl.runtime.kernels.core.DenseKernel;
import dev.nnl.runtime.kernels.core.DropoutKernel;
import dev.nnl.runtime.kernels.core.ElementwiseKernel;
import dev.nnl.runtime.kernels.core.EmbeddingKernel;
import dev.nnl.runtime.kernels.core.GaussianNoiseKernel;
import dev.nnl.runtime.kernels.core.PermuteKernel;
import dev.nnl.runtime.kernels.core.RepeatVectorKernel;
import dev.nnl.runtime.kernels.core.ReshapeKernel;
import dev.nnl.runtime.kernels.core.SoftmaxKernel;
import dev.nnl.runtime.samediff.ActivationOps;
import dev.nnl.runtime.samediff.ExportException;
import dev.nnl.runtime.samediff.ExportScope;
import dev.nnl.runtime.samediff.Lowering.Lowered;
import dev.nnl.runtime.samediff.SdValue;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Dense, activations, the layers that are the identity at inference (dropout, noise), shape
 * changes and Embedding: the counterparts of {@code dev.nnl.runtime.kernels.core}; their ONNX
 * lowerings are in {@link CoreOnnx}. Masks pass
 * through as the kernels' {@code outputMask} says.
 */
final class Core {
    private Core() {
    }

    static void addTo(LayerRuntimes.Entries r) {
        r.add("Dense", DenseKernel::new, Core::dense, CoreOnnx::dense, KerasMapping.tfjsActivations(KerasMapping.generic()
                .ignoring("lora_alpha").refusingSet("lora_rank", "LoRA adapters are not supported; merge them into the kernel before saving"), "activation"));
        r.add("Activation", n -> new ActivationKernel(n, n.args().getString("activation")), Core::activation, CoreOnnx::activation,
                KerasMapping.tfjsActivations(KerasMapping.generic(), "activation"));
        r.add("Softmax", SoftmaxKernel::of, Core::softmax, CoreOnnx::softmax, KerasMapping.generic()
                .tfjsLimit((a, in) -> { long x = a.getLong("axis"); return x != -1 && x != in.get(0).rank(); },
                        "TF.js 4.22 computes softmax only over the last axis"));
        r.add("ReLU", ElementwiseKernel.ReLU::new, Core::relu, CoreOnnx::relu, KerasMapping.generic()
                .tfjsLimit(a -> a.getDouble("negative_slope") != 0 || a.getDouble("threshold") != 0,
                        "TF.js 4.22's ReLU layer has only max_value (no negative_slope or threshold)"));
        r.add("LeakyReLU", ElementwiseKernel.LeakyReLU::new, Core::leakyRelu, CoreOnnx::leakyRelu, KerasMapping.generic().tfjsKey("negative_slope", "alpha"));
        r.add("ELU", ElementwiseKernel.ELU::new, Core::elu, CoreOnnx::elu, KerasMapping.generic()
                .tfjsLimit(a -> a.getDouble("alpha") != 1, "TF.js 4.22's ELU layer supports only alpha=1"));
        r.add("Dropout", n -> new DropoutKernel(n, false), Core::identity, CoreOnnx::identity, KerasMapping.generic());
        r.add("SpatialDropout1D", n -> new DropoutKernel(n, true), Core::identity, CoreOnnx::identity, KerasMapping.generic());
        r.add("SpatialDropout2D", n -> new DropoutKernel(n, true), Core::identity, CoreOnnx::identity, KerasMapping.generic()
                .tfjsLimit(a -> true, "TF.js 4.22 has no SpatialDropout2D layer"));
        r.add("GaussianNoise", GaussianNoiseKernel::new, Core::identity, CoreOnnx::identity, KerasMapping.generic());
        r.add("Flatten", ReshapeKernel::new, Core::reshape, CoreOnnx::flatten, KerasMapping.generic()
                .tfjsLimit((a, in) -> in.get(0).rank() < 2, "TF.js 4.22's Flatten refuses a 2D input (batch, features), which Keras passes through"));
        r.add("Reshape", ReshapeKernel::new, Core::reshape, CoreOnnx::reshape, KerasMapping.generic());
        r.add("Permute", PermuteKernel::new, Core::permute, CoreOnnx::permute, KerasMapping.generic());
        r.add("RepeatVector", RepeatVectorKernel::new, Core::repeatVector, CoreOnnx::repeatVector, KerasMapping.generic());
        r.add("Embedding", EmbeddingKernel::new, Core::embedding, CoreOnnx::embedding, KerasMapping.generic()
                .ignoring("lora_alpha", "activity_regularizer").refusingSet("lora_rank", "LoRA adapters are not supported; merge them into the kernel before saving")
                .refusingSet("sparse", "sparse gradients change nothing at inference, but nnl has no sparse embeddings to train"));
    }

    private static SDVariable mask(SdValue[] in) {
        return in.length == 0 ? null : in[0].mask();
    }

    /** Rank of a value with its batch axis. */
    static int rank(SdValue v) {
        return v.shape().rank() + 1;
    }

    static Lowered dense(ExportScope s, LayerNode n, SdValue[] in) {
        SDVariable x = in[0].floats();
        SDVariable w = s.weight(n, "kernel");
        SDVariable z = matmulLast(s.sd, x, in[0].shape(), w, n.args().getLong("units"));
        if (n.args().getBool("use_bias")) {
            z = z.add(s.weight(n, "bias"));
        }
        return Lowered.of(Activation.of(n.args().getString("activation")).sameDiff(s.sd, z, rank(in[0])), mask(in));
    }

    /** x · w over x's last axis; leading axes are folded into rows as DenseKernel does. */
    static SDVariable matmulLast(SameDiff sd, SDVariable x, Shape shape, SDVariable w, long units) {
        if (shape.rank() == 1) {
            return x.mmul(w);
        }
        if (!shape.fullyKnown()) {
            // A reshape to rows would need two unknown sizes (batch and steps); contract the last axis instead.
            return sd.tensorMmul(x, w, new int[] {shape.rank()}, new int[] {0});
        }
        long[] rows = {-1, shape.last()};
        long[] back = shape.withLast(units).prepend(-1).dims();
        return x.reshape(rows).mmul(w).reshape(back);
    }

    static Lowered activation(ExportScope s, LayerNode n, SdValue[] in) {
        return Lowered.of(Activation.of(n.args().getString("activation")).sameDiff(s.sd, in[0].floats(), rank(in[0])), mask(in));
    }

    static Lowered softmax(ExportScope s, LayerNode n, SdValue[] in) {
        int rank = rank(in[0]);
        long a = n.args().getLong("axis");
        int axis = (int) (a < 0 ? a + rank : a);
        return Lowered.of(ActivationOps.softmax(s.sd, in[0].floats(), axis), mask(in));
    }

    /** keras.layers.ReLU: x ≥ max → max; x ≥ threshold → x; else slope·(x − threshold). */
    static Lowered relu(ExportScope s, LayerNode n, SdValue[] in) {
        SDVariable x = in[0].floats();
        Object m = n.args().get("max_value");
        double slope = n.args().getDouble("negative_slope");
        double threshold = n.args().getDouble("threshold");
        SDVariable above = x.gte(threshold).castTo(DataType.FLOAT);
        SDVariable y = above.mul(x).add(above.rsub(1).mul(x.sub(threshold).mul(slope)));
        if (m != null) {
            double max = (Double) m;
            SDVariable capped = x.gte(max).castTo(DataType.FLOAT);
            y = capped.mul(max).add(capped.rsub(1).mul(y));
        }
        return Lowered.of(y, mask(in));
    }

    static Lowered leakyRelu(ExportScope s, LayerNode n, SdValue[] in) {
        return Lowered.of(ActivationOps.leaky(s.sd, in[0].floats(), n.args().getDouble("negative_slope")), mask(in));
    }

    static Lowered elu(ExportScope s, LayerNode n, SdValue[] in) {
        SDVariable x = in[0].floats();
        double alpha = n.args().getDouble("alpha");
        return Lowered.of(ActivationOps.relu(s.sd, x).add(ActivationOps.negativePart(s.sd, x).mul(alpha)), mask(in));
    }

    /** Dropout, SpatialDropout and GaussianNoise act only while training: the identity here. */
    static Lowered identity(ExportScope s, LayerNode n, SdValue[] in) {
        return Lowered.of(in[0].var(), mask(in));
    }

    /** Flatten and Reshape: C order as Keras; the output shape is the checker's, the batch axis -1. */
    static Lowered reshape(ExportScope s, LayerNode n, SdValue[] in) throws ExportException {
        Shape out = n.outputShapes().get(0);
        if (!out.fullyKnown()) {
            throw ExportException.at(n, "its output shape " + out + " has an unknown axis besides the batch",
                    "Give the input a fixed size so the reshape is fully determined");
        }
        return Lowered.of(in[0].var().reshape(out.prepend(-1).dims()), null);
    }

    static Lowered permute(ExportScope s, LayerNode n, SdValue[] in) {
        long[] dims = n.args().getLongs("dims");
        int[] perm = new int[dims.length + 1];
        for (int i = 0; i < dims.length; i++) {
            perm[i + 1] = (int) dims[i];
        }
        return Lowered.of(in[0].var().permute(perm), null);
    }

    static Lowered repeatVector(ExportScope s, LayerNode n, SdValue[] in) {
        int times = n.args().getInt("n");
        return Lowered.of(s.sd.tile(s.sd.expandDims(in[0].floats(), 1), 1, times, 1), null);
    }

    /** A row lookup; with mask_zero, id 0 is padding and the output mask marks the other positions. */
    static Lowered embedding(ExportScope s, LayerNode n, SdValue[] in) {
        SDVariable ids = in[0].var().dataType() == DataType.INT32 ? in[0].var() : in[0].var().castTo(DataType.INT32);
        SDVariable out = s.sd.gather(s.weight(n, "embeddings"), ids, 0);
        SDVariable m = n.args().getBool("mask_zero") ? s.sd.neq(ids.castTo(DataType.FLOAT), 0.0).castTo(DataType.FLOAT) : mask(in);
        return Lowered.of(out, m);
    }
}
