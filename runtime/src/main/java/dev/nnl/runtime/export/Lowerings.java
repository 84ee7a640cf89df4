package dev.nnl.runtime.export;

import java.util.HashMap;
import java.util.Map;

/**
 * The export registry: Keras class name → lowering, listed explicitly and in step with
 * {@code dev.nnl.runtime.kernels.Kernels} (SameDiffCoverageTest keeps the two lists equal).
 */
final class Lowerings {
    private static final Map<String, Lowering> LOWERINGS = new HashMap<>();

    static {
        // core
        add("Dense", CoreLowerings::dense);
        add("Activation", CoreLowerings::activation);
        add("Softmax", CoreLowerings::softmax);
        add("ReLU", CoreLowerings::relu);
        add("LeakyReLU", CoreLowerings::leakyRelu);
        add("ELU", CoreLowerings::elu);
        add("Dropout", CoreLowerings::identity);
        add("SpatialDropout1D", CoreLowerings::identity);
        add("SpatialDropout2D", CoreLowerings::identity);
        add("GaussianNoise", CoreLowerings::identity);
        add("Flatten", CoreLowerings::reshape);
        add("Reshape", CoreLowerings::reshape);
        add("Permute", CoreLowerings::permute);
        add("RepeatVector", CoreLowerings::repeatVector);
        add("Embedding", CoreLowerings::embedding);

        // recurrent
        add("SimpleRNN", RecurrentLowerings::recurrent);
        add("LSTM", RecurrentLowerings::recurrent);
        add("GRU", RecurrentLowerings::recurrent);
        add("Bidirectional", RecurrentLowerings::bidirectional);

        // convolution, pooling
        add("Conv1D", (s, n, in) -> ConvLowerings.conv(s, n, in, 1));
        add("Conv2D", (s, n, in) -> ConvLowerings.conv(s, n, in, 2));
        add("MaxPooling1D", (s, n, in) -> ConvLowerings.pool(s, n, in, true, 1));
        add("MaxPooling2D", (s, n, in) -> ConvLowerings.pool(s, n, in, true, 2));
        add("AveragePooling1D", (s, n, in) -> ConvLowerings.pool(s, n, in, false, 1));
        add("AveragePooling2D", (s, n, in) -> ConvLowerings.pool(s, n, in, false, 2));
        add("GlobalMaxPooling1D", (s, n, in) -> ConvLowerings.globalPool(s, n, in, true));
        add("GlobalMaxPooling2D", (s, n, in) -> ConvLowerings.globalPool(s, n, in, true));
        add("GlobalAveragePooling1D", (s, n, in) -> ConvLowerings.globalPool(s, n, in, false));
        add("GlobalAveragePooling2D", (s, n, in) -> ConvLowerings.globalPool(s, n, in, false));

        // normalization
        add("BatchNormalization", NormLowerings::batchNorm);
        add("LayerNormalization", NormLowerings::layerNorm);

        // merge
        add("Add", (s, n, in) -> MergeLowerings.merge(s, n, in, MergeLowerings.Op.ADD));
        add("Subtract", (s, n, in) -> MergeLowerings.merge(s, n, in, MergeLowerings.Op.SUBTRACT));
        add("Multiply", (s, n, in) -> MergeLowerings.merge(s, n, in, MergeLowerings.Op.MULTIPLY));
        add("Average", (s, n, in) -> MergeLowerings.merge(s, n, in, MergeLowerings.Op.AVERAGE));
        add("Maximum", (s, n, in) -> MergeLowerings.merge(s, n, in, MergeLowerings.Op.MAXIMUM));
        add("Minimum", (s, n, in) -> MergeLowerings.merge(s, n, in, MergeLowerings.Op.MINIMUM));
        add("Concatenate", MergeLowerings::concatenate);
    }

    private static void add(String className, Lowering lowering) {
        if (LOWERINGS.put(className, lowering) != null) {
            throw new IllegalStateException("two lowerings for " + className);
        }
    }

    private Lowerings() {
    }

    static boolean supports(String className) {
        return LOWERINGS.containsKey(className);
    }

    static java.util.Set<String> classNames() {
        return java.util.Set.copyOf(LOWERINGS.keySet());
    }

    /** The lowering of a class, or null. */
    static Lowering of(String className) {
        return LOWERINGS.get(className);
    }
}
