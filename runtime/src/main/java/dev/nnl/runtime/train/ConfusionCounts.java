package dev.nnl.runtime.train;

import dev.nnl.runtime.tensor.Tensor;

/**
 * Counts of (true class, predicted class) over the batches of an evaluation, decided as the
 * accuracy metrics decide ({@link Metric}): the arg-max of the output for the categorical losses,
 * a single sigmoid unit above 0.5 for binary crossentropy (classes 0 and 1).
 */
public final class ConfusionCounts {
    /** More classes than this get no matrix: the counts would grow with its square. */
    public static final int MAX_CLASSES = 1_000;

    private final Metric.Kind kind;
    private final long[][] counts;

    private ConfusionCounts(Metric.Kind kind, int classes) {
        this.kind = kind;
        this.counts = new long[classes][classes];
    }

    /**
     * Counts for a classification loss whose output has {@code units} units, or null when the loss
     * is not one (a regression loss, binary crossentropy over several units) or the classes number
     * more than {@link #MAX_CLASSES}.
     */
    public static ConfusionCounts forLoss(String loss, int units) {
        return switch (loss) {
            case "sparse_categorical_crossentropy" -> units >= 2 && units <= MAX_CLASSES ? new ConfusionCounts(Metric.Kind.SPARSE, units) : null;
            case "categorical_crossentropy" -> units >= 2 && units <= MAX_CLASSES ? new ConfusionCounts(Metric.Kind.CATEGORICAL, units) : null;
            case "binary_crossentropy" -> units == 1 ? new ConfusionCounts(Metric.Kind.BINARY, 2) : null;
            default -> null;
        };
    }

    /** Adds a batch: the model's output and the labels as the loss reads them. */
    public void update(Tensor o, Tensor y) {
        if (kind == Metric.Kind.BINARY) {
            for (int i = 0; i < o.size; i++) {
                counts[y.get(i) > 0.5 ? 1 : 0][o.get(i) > 0.5 ? 1 : 0]++;
            }
            return;
        }
        int c = o.last();
        for (int r = 0; r < o.size / c; r++) {
            int label = kind == Metric.Kind.SPARSE ? (int) y.get(r) : Metric.argmax(y, r * c, c);
            if (label >= 0 && label < c) {
                counts[label][Metric.argmax(o, r * c, c)]++;
            }
        }
    }

    /** A copy of the counts, [true class][predicted class]. */
    public long[][] counts() {
        long[][] copy = new long[counts.length][];
        for (int i = 0; i < copy.length; i++) {
            copy[i] = counts[i].clone();
        }
        return copy;
    }
}
