package dev.nnl.runtime.kernels;

import dev.nnl.compiler.ir.LayerNode;
import dev.nnl.runtime.kernels.conv.ConvKernel;
import dev.nnl.runtime.kernels.core.ActivationKernel;
import dev.nnl.runtime.kernels.core.DenseKernel;
import dev.nnl.runtime.kernels.core.DropoutKernel;
import dev.nnl.runtime.kernels.core.ElementwiseKernel;
import dev.nnl.runtime.kernels.core.EmbeddingKernel;
import dev.nnl.runtime.kernels.core.GaussianNoiseKernel;
import dev.nnl.runtime.kernels.core.PermuteKernel;
import dev.nnl.runtime.kernels.core.RepeatVectorKernel;
import dev.nnl.runtime.kernels.core.ReshapeKernel;
import dev.nnl.runtime.kernels.merge.ConcatenateKernel;
import dev.nnl.runtime.kernels.merge.MergeKernel;
import dev.nnl.runtime.kernels.norm.BatchNormKernel;
import dev.nnl.runtime.kernels.norm.LayerNormKernel;
import dev.nnl.runtime.kernels.pooling.GlobalPoolKernel;
import dev.nnl.runtime.kernels.pooling.PoolKernel;
import dev.nnl.runtime.kernels.recurrent.BidirectionalKernel;
import dev.nnl.runtime.kernels.recurrent.RecurrentKernel;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The lowering registry: Keras class name → kernel, listed explicitly like the compiler's layer
 * registry. The compiler stays ND4J-free; this is the only place that maps its IR to ND4J code.
 */
public final class Kernels {
    private static final Map<String, Function<LayerNode, Kernel>> LOWERINGS = new HashMap<>();

    static {
        // core
        add("Dense", DenseKernel::new);
        add("Activation", n -> new ActivationKernel(n, n.args().getString("activation")));
        add("Softmax", SoftmaxKernel::of);
        add("ReLU", ElementwiseKernel.ReLU::new);
        add("LeakyReLU", ElementwiseKernel.LeakyReLU::new);
        add("ELU", ElementwiseKernel.ELU::new);
        add("Dropout", n -> new DropoutKernel(n, false));
        add("SpatialDropout1D", n -> new DropoutKernel(n, true));
        add("SpatialDropout2D", n -> new DropoutKernel(n, true));
        add("GaussianNoise", GaussianNoiseKernel::new);
        add("Flatten", ReshapeKernel::new);
        add("Reshape", ReshapeKernel::new);
        add("Permute", PermuteKernel::new);
        add("RepeatVector", RepeatVectorKernel::new);
        add("Embedding", EmbeddingKernel::new);

        // recurrent
        add("SimpleRNN", RecurrentKernel::new);
        add("LSTM", RecurrentKernel::new);
        add("GRU", RecurrentKernel::new);
        add("Bidirectional", BidirectionalKernel::new);


        // convolution, pooling, normalization, merge
        add("Conv1D", n -> new ConvKernel(n, 1));
        add("Conv2D", n -> new ConvKernel(n, 2));
        add("MaxPooling1D", n -> new PoolKernel(n, true, 1));
        add("MaxPooling2D", n -> new PoolKernel(n, true, 2));
        add("AveragePooling1D", n -> new PoolKernel(n, false, 1));
        add("AveragePooling2D", n -> new PoolKernel(n, false, 2));
        add("GlobalMaxPooling1D", n -> new GlobalPoolKernel(n, true));
        add("GlobalMaxPooling2D", n -> new GlobalPoolKernel(n, true));
        add("GlobalAveragePooling1D", n -> new GlobalPoolKernel(n, false));
        add("GlobalAveragePooling2D", n -> new GlobalPoolKernel(n, false));
        add("BatchNormalization", BatchNormKernel::new);
        add("LayerNormalization", LayerNormKernel::new);
        add("Add", n -> new MergeKernel(n, MergeKernel.Op.ADD));
        add("Subtract", n -> new MergeKernel(n, MergeKernel.Op.SUBTRACT));
        add("Multiply", n -> new MergeKernel(n, MergeKernel.Op.MULTIPLY));
        add("Average", n -> new MergeKernel(n, MergeKernel.Op.AVERAGE));
        add("Maximum", n -> new MergeKernel(n, MergeKernel.Op.MAXIMUM));
        add("Minimum", n -> new MergeKernel(n, MergeKernel.Op.MINIMUM));
        add("Concatenate", ConcatenateKernel::new);


    }

    private static void add(String className, Function<LayerNode, Kernel> lowering) {
        if (LOWERINGS.put(className, lowering) != null) {
            throw new IllegalStateException("two kernels for " + className);
        }
    }

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

    /** A registered layer without a kernel: a bug (KernelCoverageTest keeps the two lists in step). */
    public static final class UnsupportedLayerException extends RuntimeException {
        public UnsupportedLayerException(LayerNode node) {
            super("no kernel for `" + node.className() + "` (layer `" + node.name() + "`)");
        }
    }
}
