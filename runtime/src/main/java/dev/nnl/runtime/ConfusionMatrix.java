package dev.nnl.runtime;

import java.util.List;

/**
 * How a classifier's predictions on the evaluated samples fall: {@code count(t, p)} samples of true
 * class {@code t} were predicted as class {@code p}. Counted in the same pass over the data as the
 * loss and metrics of an {@link Evaluation}, deciding as the accuracy metric decides (the arg-max of
 * the output; one sigmoid unit above 0.5 for {@code binary_crossentropy}, classes 0 and 1), so
 * {@link #accuracy()} equals the evaluation's {@code accuracy}. Only for classification losses
 * with at most {@link #MAX_CLASSES} classes.
 *
 * @param classes the class names, in class-id order: the label names the data's preprocessing
 *     recorded when there is one per class, else "0", "1", …
 * @param counts  [true class][predicted class], square, one row and column per class (copied
 *     on the way in and out, so the record stays immutable)
 */
public record ConfusionMatrix(List<String> classes, long[][] counts) {
    /** The most classes a matrix is counted for (the counts grow with the square). */
    public static final int MAX_CLASSES = dev.nnl.runtime.train.ConfusionCounts.MAX_CLASSES;

    /** Checks the matrix is square with one row per class, and copies it. */
    public ConfusionMatrix {
        classes = List.copyOf(classes);
        counts = copy(counts);
        for (long[] row : counts) {
            if (row.length != classes.size()) {
                throw new IllegalArgumentException("a confusion matrix needs one row and column per class");
            }
        }
        if (counts.length != classes.size()) {
            throw new IllegalArgumentException("a confusion matrix needs one row and column per class");
        }
    }

    /** A copy of the counts, [true class][predicted class]. */
    @Override
    public long[][] counts() {
        return copy(counts);
    }

    /** Samples of true class {@code truth} predicted as class {@code predicted}. */
    public long count(int truth, int predicted) {
        return counts[truth][predicted];
    }

    /** All counted samples. */
    public long total() {
        long n = 0;
        for (long[] row : counts) {
            for (long v : row) {
                n += v;
            }
        }
        return n;
    }

    /** Samples whose true class is {@code c} (its row's sum). */
    public long support(int c) {
        long n = 0;
        for (long v : counts[c]) {
            n += v;
        }
        return n;
    }

    /** Samples predicted as class {@code c} (its column's sum). */
    public long predicted(int c) {
        long n = 0;
        for (long[] row : counts) {
            n += row[c];
        }
        return n;
    }

    /** Of the samples predicted as {@code c}, the share truly of class {@code c}; NaN when none was predicted as {@code c}. */
    public double precision(int c) {
        long p = predicted(c);
        return p == 0 ? Double.NaN : (double) counts[c][c] / p;
    }

    /** Of the samples of true class {@code c}, the share predicted as {@code c}; NaN when there are none. */
    public double recall(int c) {
        long s = support(c);
        return s == 0 ? Double.NaN : (double) counts[c][c] / s;
    }

    /** The share of samples on the diagonal; NaN when there are none. */
    public double accuracy() {
        long n = total();
        long right = 0;
        for (int c = 0; c < counts.length; c++) {
            right += counts[c][c];
        }
        return n == 0 ? Double.NaN : (double) right / n;
    }

    private static long[][] copy(long[][] counts) {
        long[][] out = new long[counts.length][];
        for (int i = 0; i < out.length; i++) {
            out[i] = counts[i].clone();
        }
        return out;
    }
}
