package dev.nnl.runtime.data;

import java.util.Arrays;
import java.util.List;

/**
 * Examples in memory: one flat float array per model input (token ids are stored as floats,
 * exact below 2^24) and the labels. Shapes are per sample, without the batch axis.
 *
 * @param labels null for unlabelled data (prediction)
 * @param first the row of the arrays where this dataset starts: a slice shares its parent's arrays
 */
public record Dataset(List<float[]> features, List<long[]> featureShapes, float[] labels, long[] labelShape, int size,
                      int first) {

    public Dataset(List<float[]> features, List<long[]> featureShapes, float[] labels, long[] labelShape, int size) {
        this(features, featureShapes, labels, labelShape, size, 0);
    }

    public int perSample(int input) {
        return (int) Arrays.stream(featureShapes.get(input)).reduce(1, (a, b) -> a * b);
    }

    public int labelsPerSample() {
        return (int) Arrays.stream(labelShape).reduce(1, (a, b) -> a * b);
    }

    /**
     * Rows [from, to) as a view over the same arrays (validation_split takes the tail, as Keras
     * does): a copy would hold the full training set twice at the peak of loading.
     */
    public Dataset slice(int from, int to) {
        return new Dataset(features, featureShapes, labels, labelShape, to - from, first + from);
    }

    /**
     * Where {@code validation_split} starts: Keras validates on the last {@code split} of the
     * rows, before shuffling. Training and {@code eval} both cut here, so eval scores exactly the
     * rows training held out.
     */
    public int validationStart(double split) {
        return (int) (size * (1 - split));
    }
}
