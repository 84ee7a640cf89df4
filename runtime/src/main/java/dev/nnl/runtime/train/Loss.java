package dev.nnl.runtime.train;

import dev.nnl.compiler.train.TrainConfig;
import dev.nnl.runtime.kernels.Activation;
import dev.nnl.runtime.kernels.ActivationStage;
import dev.nnl.runtime.kernels.HasLogits;
import dev.nnl.runtime.kernels.Kernel;
import dev.nnl.runtime.tensor.Tensor;

/**
 * Keras losses with Keras's reduction: the per-sample loss (averaged over the last axis for
 * elementwise losses) is averaged over every other axis. Cross-entropies after a softmax or
 * sigmoid are computed from the logits, as Keras's backends do, which is exact and stable; the
 * gradient is then handed to the output layer as d(loss)/d(logits).
 */
public final class Loss {
    /** Keras's backend epsilon, used to clip probabilities. */
    static final double EPSILON = 1e-7;

    private final String name;
    private final boolean fromLogits;
    private final double delta;
    private final double labelSmoothing;

    public Loss(TrainConfig.Loss loss) {
        this.name = loss.name();
        this.fromLogits = loss.fromLogits();
        Object d = loss.args() == null ? null : loss.args().get("delta");
        this.delta = d == null ? 1.0 : (Double) d;
        Object s = loss.args() == null ? null : loss.args().get("label_smoothing");
        this.labelSmoothing = s == null ? 0 : (Double) s;
    }

    public String name() {
        return name;
    }

    /** True when labels are class ids (one number per row) rather than a tensor like the output. */
    public boolean sparseLabels() {
        return name.equals("sparse_categorical_crossentropy");
    }

    /**
     * The mean loss of a batch; when {@code grad} is not null it receives d(loss)/d(output), or
     * d(loss)/d(logits) when the output layer's activation was fused.
     */
    public double compute(Tensor output, Kernel producer, Tensor labels, Tensor grad) {
        ActivationStage stage = producer instanceof HasLogits h ? h.activationStage() : null;
        Activation act = stage == null ? null : stage.activation();
        boolean categorical = name.endsWith("categorical_crossentropy");
        boolean fused = stage != null && (categorical && (act == Activation.SOFTMAX || fromLogits && act == Activation.LINEAR)
                || name.equals("binary_crossentropy") && (act == Activation.SIGMOID || fromLogits && act == Activation.LINEAR));
        if (stage != null) {
            stage.setGradientIsForLogits(fused && grad != null);
        }
        if (fused) {
            Tensor logits = stage.logits();
            return categorical ? softmaxCrossEntropy(logits, labels, grad) : sigmoidCrossEntropy(logits, labels, grad);
        }
        if (fromLogits) {
            throw new IllegalStateException("from_logits=true needs an output layer with a linear activation");
        }
        return switch (name) {
            case "sparse_categorical_crossentropy", "categorical_crossentropy" -> probabilityCrossEntropy(output, labels, grad);
            case "binary_crossentropy" -> binaryCrossEntropy(output, labels, grad);
            default -> regression(output, labels, grad);
        };
    }

    private double target(Tensor labels, int row, int j, int classes) {
        double y = sparseLabels() ? ((int) labels.get(row) == j ? 1 : 0) : labels.get(row * classes + j);
        return labelSmoothing == 0 ? y : y * (1 - labelSmoothing) + labelSmoothing / classes;
    }

    private double softmaxCrossEntropy(Tensor logits, Tensor labels, Tensor grad) {
        int c = logits.last();
        int rows = logits.size / c;
        double total = 0;
        for (int r = 0; r < rows; r++) {
            int base = r * c;
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < c; j++) {
                max = Math.max(max, logits.get(base + j));
            }
            double sum = 0;
            for (int j = 0; j < c; j++) {
                sum += Math.exp(logits.get(base + j) - max);
            }
            double logSum = Math.log(sum) + max;
            for (int j = 0; j < c; j++) {
                double y = target(labels, r, j, c);
                double logP = logits.get(base + j) - logSum;
                total -= y * logP;
                if (grad != null) {
                    grad.set(base + j, (Math.exp(logP) - y) / rows);
                }
            }
        }
        return total / rows;
    }

    private double sigmoidCrossEntropy(Tensor logits, Tensor labels, Tensor grad) {
        int n = logits.size;
        double total = 0;
        for (int i = 0; i < n; i++) {
            double z = logits.get(i);
            double y = smoothBinary(labels.get(i));
            total += Math.max(z, 0) - z * y + Math.log1p(Math.exp(-Math.abs(z)));
            if (grad != null) {
                grad.set(i, (Activation.sigmoid(z) - y) / n);
            }
        }
        return total / n;
    }

    private double smoothBinary(double y) {
        return labelSmoothing == 0 ? y : y * (1 - labelSmoothing) + 0.5 * labelSmoothing;
    }

    private double probabilityCrossEntropy(Tensor p, Tensor labels, Tensor grad) {
        int c = p.last();
        int rows = p.size / c;
        double total = 0;
        for (int r = 0; r < rows; r++) {
            // Keras normalizes the probabilities to sum to 1, then clips them; the gradient
            // includes the normalization: d/dp_j of -Σ y log(p/S) is -y_j/p_j + Σy/S.
            double sum = 0;
            double ySum = 0;
            for (int j = 0; j < c; j++) {
                sum += p.get(r * c + j);
                ySum += target(labels, r, j, c);
            }
            for (int j = 0; j < c; j++) {
                double y = target(labels, r, j, c);
                double pj = p.get(r * c + j);
                double q = pj / sum;
                boolean clipped = q < EPSILON || q > 1 - EPSILON;
                total -= y * Math.log(Math.min(Math.max(q, EPSILON), 1 - EPSILON));
                if (grad != null) {
                    grad.set(r * c + j, clipped ? 0 : (-y / pj + ySum / sum) / rows);
                }
            }
        }
        return total / rows;
    }

    private double binaryCrossEntropy(Tensor p, Tensor labels, Tensor grad) {
        int n = p.size;
        double total = 0;
        for (int i = 0; i < n; i++) {
            double q = Math.min(Math.max(p.get(i), EPSILON), 1 - EPSILON);
            double y = smoothBinary(labels.get(i));
            total -= y * Math.log(q) + (1 - y) * Math.log(1 - q);
            if (grad != null) {
                grad.set(i, (-y / q + (1 - y) / (1 - q)) / n);
            }
        }
        return total / n;
    }

    private double regression(Tensor o, Tensor labels, Tensor grad) {
        int n = o.size;
        double total = 0;
        for (int i = 0; i < n; i++) {
            double e = o.get(i) - labels.get(i);
            double a = Math.abs(e);
            switch (name) {
                case "mse" -> {
                    total += e * e;
                    if (grad != null) {
                        grad.set(i, 2 * e / n);
                    }
                }
                case "mae" -> {
                    total += a;
                    if (grad != null) {
                        grad.set(i, Math.signum(e) / n);
                    }
                }
                default -> {
                    total += a <= delta ? 0.5 * e * e : delta * (a - 0.5 * delta);
                    if (grad != null) {
                        grad.set(i, (a <= delta ? e : delta * Math.signum(e)) / n);
                    }
                }
            }
        }
        return total / n;
    }
}
