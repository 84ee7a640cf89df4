package dev.nnl.runtime.data;

import java.util.Arrays;
import java.util.List;

/**
 * Examples in memory: one flat float array per model input (token ids are stored as floats,
 * exact below 2^24) and the labels. Shapes are per sample, without the batch axis.
 *
 * @param labels null for unlabelled data (prediction)
 */
public record Dataset(List<float[]> features, List<long[]> featureShapes, float[] labels, long[] labelShape, int size) {

    public int perSample(int input) {
        return (int) Arrays.stream(featureShapes.get(input)).reduce(1, (a, b) -> a * b);
    }

    public int labelsPerSample() {
        return (int) Arrays.stream(labelShape).reduce(1, (a, b) -> a * b);
    }

    /** Rows [from, to) as a new dataset (validation_split takes the tail, as Keras does). */
    public Dataset slice(int from, int to) {
        List<float[]> xs = new java.util.ArrayList<>();
        for (int i = 0; i < features.size(); i++) {
            int p = perSample(i);
            xs.add(Arrays.copyOfRange(features.get(i), from * p, to * p));
        }
        float[] y = labels == null ? null : Arrays.copyOfRange(labels, from * labelsPerSample(), to * labelsPerSample());
        return new Dataset(xs, featureShapes, y, labelShape, to - from);
    }
}
