package dev.nnl.runtime.kernels;

import dev.nnl.compiler.ir.LayerNode;
import dev.nnl.runtime.kernels.core.ActivationKernel;
import dev.nnl.runtime.kernels.core.DenseKernel;
import dev.nnl.runtime.kernels.core.DropoutKernel;
import dev.nnl.runtime.kernels.core.ElementwiseKernel;
import dev.nnl.runtime.kernels.core.EmbeddingKernel;
import dev.nnl.runtime.kernels.core.GaussianNoiseKernel;
import dev.nnl.runtime.kernels.core.PermuteKernel;
import dev.nnl.runtime.kernels.core.RepeatVectorKernel;
import dev.nnl.runtime.kernels.core.ReshapeKernel;
import java.util.Map;
import java.util.function.Function;

/**
 * The lowering registry: Keras class name → kernel, listed explicitly like the compiler's layer
 * registry. The compiler stays ND4J-free; this is the only place that maps its IR to ND4J code.
 */
public final class Kernels {
    private static final Map<String, Function<LayerNode, Kernel>> LOWERINGS = Map.ofEntries(
            Map.entry("Dense", DenseKernel::new),
            Map.entry("Activation", n -> new ActivationKernel(n, n.args().getString("activation"))),
            Map.entry("Softmax", SoftmaxKernel::of),
            Map.entry("ReLU", ElementwiseKernel.ReLU::new),
            Map.entry("LeakyReLU", ElementwiseKernel.LeakyReLU::new),
            Map.entry("ELU", ElementwiseKernel.ELU::new),
            Map.entry("Dropout", n -> new DropoutKernel(n, false)),
            Map.entry("SpatialDropout1D", n -> new DropoutKernel(n, true)),
            Map.entry("SpatialDropout2D", n -> new DropoutKernel(n, true)),
            Map.entry("GaussianNoise", GaussianNoiseKernel::new),
            Map.entry("Flatten", ReshapeKernel::new),
            Map.entry("Reshape", ReshapeKernel::new),
            Map.entry("Permute", PermuteKernel::new),
            Map.entry("RepeatVector", RepeatVectorKernel::new),
            Map.entry("Embedding", EmbeddingKernel::new));

    private Kernels() {
    }

    public static boolean supports(String className) {
        return LOWERINGS.containsKey(className);
    }

    public static Kernel lower(LayerNode node) {
        Function<LayerNode, Kernel> f = LOWERINGS.get(node.className());
        if (f == null) {
            throw new UnsupportedLayerException(node);
        }
        return f.apply(node);
    }

    /** A layer the trainer cannot run; the CLI reports it as an input error. */
    public static final class UnsupportedLayerException extends RuntimeException {
        public UnsupportedLayerException(LayerNode node) {
            super("`" + node.className() + "` (layer `" + node.name() + "`) cannot be trained by this version of nnl yet");
        }
    }
}
