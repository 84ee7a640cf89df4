package dev.nnl.runtime.train;

import dev.nnl.runtime.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Keras metrics accumulated over an epoch. "accuracy" resolves as Keras's compile() does: by
 * the loss, to sparse categorical, categorical or binary accuracy.
 */
public abstract class Metric {
    private final String name;

    protected Metric(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    public abstract void reset();

    public abstract void update(Tensor output, Tensor labels, boolean sparseLabels);

    public abstract double result();

    /**
     * What the metric has accumulated, as numbers that add: the counts of two workers' metrics
     * summed with {@link #add} give the metric over both workers' samples (data-parallel training).
     */
    public abstract double[] counts();

    /** Adds counts another metric of the same kind accumulated ({@link #counts}). */
    public abstract void add(double[] counts);

    public static Metric of(String name, String loss) {
        return switch (name) {
            case "accuracy" -> switch (loss) {
                case "sparse_categorical_crossentropy" -> new Accuracy(name, Kind.SPARSE);
                case "categorical_crossentropy" -> new Accuracy(name, Kind.CATEGORICAL);
                default -> new Accuracy(name, Kind.BINARY);
            };
            case "sparse_categorical_accuracy" -> new Accuracy(name, Kind.SPARSE);
            case "categorical_accuracy" -> new Accuracy(name, Kind.CATEGORICAL);
            case "binary_accuracy" -> new Accuracy(name, Kind.BINARY);
            case "mae", "mse" -> new MeanError(name);
            case "precision", "recall" -> new Confusion(name);
            case "auc" -> new Auc(name);
            default -> throw new IllegalArgumentException("unknown metric " + name);
        };
    }

    public static List<Metric> all(List<String> names, String loss) {
        List<Metric> out = new ArrayList<>();
        for (String n : names) {
            out.add(of(n, loss));
        }
        return out;
    }

    enum Kind { SPARSE, CATEGORICAL, BINARY }

    static final class Accuracy extends Metric {
        private final Kind kind;
        private long correct;
        private long total;

        Accuracy(String name, Kind kind) {
            super(name);
            this.kind = kind;
        }

        @Override
        public void reset() {
            correct = 0;
            total = 0;
        }

        @Override
        public void update(Tensor o, Tensor y, boolean sparseLabels) {
            if (kind == Kind.BINARY) {
                for (int i = 0; i < o.size; i++) {
                    correct += (o.get(i) > 0.5 ? 1 : 0) == (y.get(i) > 0.5 ? 1 : 0) ? 1 : 0;
                }
                total += o.size;
                return;
            }
            int c = o.last();
            for (int r = 0; r < o.size / c; r++) {
                int label = kind == Kind.SPARSE ? (int) y.get(r) : argmax(y, r * c, c);
                correct += argmax(o, r * c, c) == label ? 1 : 0;
                total++;
            }
        }

        @Override
        public double[] counts() {
            return new double[] {correct, total};
        }

        @Override
        public void add(double[] counts) {
            correct += (long) counts[0];
            total += (long) counts[1];
        }

        @Override
        public double result() {
            return total == 0 ? 0 : (double) correct / total;
        }
    }

    static int argmax(Tensor t, int base, int n) {
        int best = 0;
        for (int j = 1; j < n; j++) {
            if (t.get(base + j) > t.get(base + best)) {
                best = j;
            }
        }
        return best;
    }

    static final class MeanError extends Metric {
        private double sum;
        private long count;

        MeanError(String name) {
            super(name);
        }

        @Override
        public void reset() {
            sum = 0;
            count = 0;
        }

        @Override
        public void update(Tensor o, Tensor y, boolean sparseLabels) {
            boolean absolute = name().equals("mae");
            for (int i = 0; i < o.size; i++) {
                double e = o.get(i) - y.get(i);
                sum += absolute ? Math.abs(e) : e * e;
            }
            count += o.size;
        }

        @Override
        public double[] counts() {
            return new double[] {sum, count};
        }

        @Override
        public void add(double[] counts) {
            sum += counts[0];
            count += (long) counts[1];
        }

        @Override
        public double result() {
            return count == 0 ? 0 : sum / count;
        }
    }

    /** Binary precision or recall at threshold 0.5. */
    static final class Confusion extends Metric {
        private long tp;
        private long fp;
        private long fn;

        Confusion(String name) {
            super(name);
        }

        @Override
        public void reset() {
            tp = 0;
            fp = 0;
            fn = 0;
        }

        @Override
        public void update(Tensor o, Tensor y, boolean sparseLabels) {
            for (int i = 0; i < o.size; i++) {
                boolean p = o.get(i) > 0.5;
                boolean t = y.get(i) > 0.5;
                tp += p && t ? 1 : 0;
                fp += p && !t ? 1 : 0;
                fn += !p && t ? 1 : 0;
            }
        }

        @Override
        public double[] counts() {
            return new double[] {tp, fp, fn};
        }

        @Override
        public void add(double[] counts) {
            tp += (long) counts[0];
            fp += (long) counts[1];
            fn += (long) counts[2];
        }

        @Override
        public double result() {
            long d = name().equals("precision") ? tp + fp : tp + fn;
            return d == 0 ? 0 : (double) tp / d;
        }
    }

    /** ROC AUC as Keras computes it: 200 thresholds, trapezoidal rule. */
    static final class Auc extends Metric {
        private static final int THRESHOLDS = 200;
        private final long[] tp = new long[THRESHOLDS];
        private final long[] fp = new long[THRESHOLDS];
        private long positives;
        private long negatives;

        Auc(String name) {
            super(name);
        }

        @Override
        public void reset() {
            java.util.Arrays.fill(tp, 0);
            java.util.Arrays.fill(fp, 0);
            positives = 0;
            negatives = 0;
        }

        private static double threshold(int i) {
            // Keras: 0 - eps, then (i / (n - 1)) for the inner ones, then 1 + eps.
            return i == 0 ? -1e-7 : i == THRESHOLDS - 1 ? 1 + 1e-7 : (double) i / (THRESHOLDS - 1);
        }

        @Override
        public void update(Tensor o, Tensor y, boolean sparseLabels) {
            for (int i = 0; i < o.size; i++) {
                boolean t = y.get(i) > 0.5;
                if (t) {
                    positives++;
                } else {
                    negatives++;
                }
                for (int k = 0; k < THRESHOLDS; k++) {
                    if (o.get(i) > threshold(k)) {
                        if (t) {
                            tp[k]++;
                        } else {
                            fp[k]++;
                        }
                    }
                }
            }
        }

        @Override
        public double[] counts() {
            double[] c = new double[2 * THRESHOLDS + 2];
            for (int k = 0; k < THRESHOLDS; k++) {
                c[k] = tp[k];
                c[THRESHOLDS + k] = fp[k];
            }
            c[2 * THRESHOLDS] = positives;
            c[2 * THRESHOLDS + 1] = negatives;
            return c;
        }

        @Override
        public void add(double[] counts) {
            for (int k = 0; k < THRESHOLDS; k++) {
                tp[k] += (long) counts[k];
                fp[k] += (long) counts[THRESHOLDS + k];
            }
            positives += (long) counts[2 * THRESHOLDS];
            negatives += (long) counts[2 * THRESHOLDS + 1];
        }

        @Override
        public double result() {
            if (positives == 0 || negatives == 0) {
                return 0;
            }
            double auc = 0;
            for (int k = 0; k < THRESHOLDS - 1; k++) {
                double tpr1 = (double) tp[k] / positives;
                double tpr2 = (double) tp[k + 1] / positives;
                double fpr1 = (double) fp[k] / negatives;
                double fpr2 = (double) fp[k + 1] / negatives;
                auc += (fpr1 - fpr2) * (tpr1 + tpr2) / 2;
            }
            return auc;
        }
    }
}
