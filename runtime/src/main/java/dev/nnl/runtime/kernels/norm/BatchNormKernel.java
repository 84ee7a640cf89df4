package dev.nnl.runtime.kernels.norm;

import dev.nnl.compiler.ir.LayerNode;
import dev.nnl.runtime.init.Initializers;
import dev.nnl.runtime.kernels.Kernel;
import dev.nnl.runtime.kernels.RunContext;
import dev.nnl.runtime.tensor.ParamStore;
import dev.nnl.runtime.tensor.Tensor;
import java.util.SplittableRandom;

/**
 * keras.layers.BatchNormalization (keras/src/layers/normalization/batch_normalization.py).
 *
 * <p>Training: mean and biased variance over every axis but {@code axis}, and the moving
 * statistics become {@code moving · momentum + batch · (1 − momentum)} (written here in forward;
 * they are non-trainable, so the optimizer skips them). Inference: the moving statistics. Then
 * {@code (x − mean) / sqrt(var + epsilon) · gamma + beta}. With a mask (batch, steps) on a
 * (batch, steps, features) input, training statistics cover the real steps only, exactly as
 * Keras's {@code _moments}: weighted sums divided by (sum of mask weights + 1e-7). The backward
 * pass is written out for both modes, through the batch statistics in training.
 */
public final class BatchNormKernel extends Kernel {
    private static final double KERAS_EPSILON = 1e-7;

    private final int axis;
    private final double momentum;
    private final double epsilon;
    private ParamStore.Slot gamma;
    private ParamStore.Slot beta;
    private ParamStore.Slot movingMean;
    private ParamStore.Slot movingVariance;

    private Tensor y;
    private Tensor dx;
    private int channels;
    private int inner;
    private boolean batchStats;
    private double[] mean;
    private double[] inv;
    /** Per channel: what the statistics were divided by (element count, or mask weight sum + 1e-7). */
    private double[] denom;
    private double[] sumG;
    private double[] sumGd;
    private double[] sumWd;
    private double[] sumDy;
    private double[] sumDyXhat;

    public BatchNormKernel(LayerNode node) {
        super(node);
        this.momentum = node.args().getDouble("momentum");
        this.epsilon = node.args().getDouble("epsilon");
        long a = node.args().getLong("axis");
        int rank = node.outputShapes().get(0).rank() + 1;
        this.axis = (int) (a < 0 ? a + rank : a);
    }

    @Override
    public void attach(ParamStore store) {
        gamma = node.args().getBool("scale") ? store.slot(node.name(), "gamma") : null;
        beta = node.args().getBool("center") ? store.slot(node.name(), "beta") : null;
        movingMean = store.slot(node.name(), "moving_mean");
        movingVariance = store.slot(node.name(), "moving_variance");
    }

    @Override
    public void initialize(ParamStore store, SplittableRandom rng) {
        var a = node.args();
        if (gamma != null) {
            Initializers.fill(gamma.value(), a.getValue("gamma_initializer"), rng);
        }
        if (beta != null) {
            Initializers.fill(beta.value(), a.getValue("beta_initializer"), rng);
        }
        Initializers.fill(movingMean.value(), a.getValue("moving_mean_initializer"), rng);
        Initializers.fill(movingVariance.value(), a.getValue("moving_variance_initializer"), rng);
    }

    private void prepare(Tensor x, RunContext ctx) {
        y = ensure(y, ctx.type, x.shape);
        channels = (int) x.shape[axis];
        int in = 1;
        for (int d = axis + 1; d < x.shape.length; d++) {
            in *= (int) x.shape[d];
        }
        inner = in;
        if (mean == null) {
            mean = new double[channels];
            inv = new double[channels];
            denom = new double[channels];
            sumG = new double[channels];
            sumGd = new double[channels];
            sumWd = new double[channels];
            sumDy = new double[channels];
            sumDyXhat = new double[channels];
        }
    }

    /** The channel of element {@code e}. */
    private int channel(int e) {
        return (e / inner) % channels;
    }

    /** Mask weight of element {@code e}, or 1 without a (usable) mask. */
    private static double weight(Tensor mask, int rest, int e) {
        return mask == null ? 1 : mask.get(e / rest);
    }

    /** The (batch, steps) mask when it fits the input as Keras requires (one axis less), else null. */
    private static Tensor usableMask(Tensor x, Tensor[] masks) {
        Tensor m = masks.length == 0 ? null : masks[0];
        if (m == null || m.shape.length != x.shape.length - 1 || m.size * (long) x.last() != x.size) {
            return null;
        }
        return m;
    }

    @Override
    public Tensor[] forward(Tensor[] in, Tensor[] masks, RunContext ctx) {
        Tensor x = in[0];
        prepare(x, ctx);
        batchStats = ctx.training;
        if (batchStats) {
            Tensor mask = usableMask(x, masks);
            int rest = x.last();
            double[] sum = sumG;
            java.util.Arrays.fill(sum, 0);
            java.util.Arrays.fill(denom, 0);
            for (int e = 0; e < x.size; e++) {
                double w = weight(mask, rest, e);
                int c = channel(e);
                sum[c] += w * x.get(e);
                denom[c] += w;
            }
            // Keras: the mask weights broadcast over the last axis have size 1 there, so when the
            // last axis is not the feature axis their sum counts each (batch, step) once.
            int perWeight = mask != null && axis != x.shape.length - 1 ? rest : 1;
            for (int c = 0; c < channels; c++) {
                denom[c] = mask == null ? denom[c] : denom[c] / perWeight + KERAS_EPSILON;
                mean[c] = sum[c] / denom[c];
                sum[c] = 0;
            }
            for (int e = 0; e < x.size; e++) {
                int c = channel(e);
                double d = x.get(e) - mean[c];
                sum[c] += weight(mask, rest, e) * d * d;
            }
            Tensor mm = movingMean.value();
            Tensor mv = movingVariance.value();
            for (int c = 0; c < channels; c++) {
                double var = sum[c] / denom[c];
                inv[c] = 1 / Math.sqrt(var + epsilon);
                mm.set(c, mm.get(c) * momentum + mean[c] * (1 - momentum));
                mv.set(c, mv.get(c) * momentum + var * (1 - momentum));
            }
        } else {
            for (int c = 0; c < channels; c++) {
                mean[c] = movingMean.value().get(c);
                inv[c] = 1 / Math.sqrt(movingVariance.value().get(c) + epsilon);
            }
        }
        for (int e = 0; e < x.size; e++) {
            int c = channel(e);
            double v = (x.get(e) - mean[c]) * inv[c];
            if (gamma != null) {
                v *= gamma.value().get(c);
            }
            if (beta != null) {
                v += beta.value().get(c);
            }
            y.set(e, v);
        }
        return new Tensor[] {y};
    }

    @Override
    public Tensor[] backward(Tensor[] in, Tensor[] masks, Tensor[] dOut, RunContext ctx) {
        Tensor x = in[0];
        Tensor dy = dOut[0];
        dx = ensure(dx, ctx.type, x.shape);
        Tensor mask = batchStats ? usableMask(x, masks) : null;
        int rest = x.last();
        java.util.Arrays.fill(sumG, 0);
        java.util.Arrays.fill(sumGd, 0);
        java.util.Arrays.fill(sumWd, 0);
        java.util.Arrays.fill(sumDy, 0);
        java.util.Arrays.fill(sumDyXhat, 0);
        for (int e = 0; e < x.size; e++) {
            int c = channel(e);
            double d = x.get(e) - mean[c];
            double g = dy.get(e) * (gamma == null ? 1 : gamma.value().get(c));
            sumDy[c] += dy.get(e);
            sumDyXhat[c] += dy.get(e) * d * inv[c];
            sumG[c] += g;
            sumGd[c] += g * d;
            sumWd[c] += weight(mask, rest, e) * d;
        }
        if (gamma != null) {
            for (int c = 0; c < channels; c++) {
                gamma.grad().add(c, sumDyXhat[c]);
            }
        }
        if (beta != null) {
            for (int c = 0; c < channels; c++) {
                beta.grad().add(c, sumDy[c]);
            }
        }
        if (!batchStats) {
            for (int e = 0; e < x.size; e++) {
                int c = channel(e);
                dx.set(e, dy.get(e) * (gamma == null ? 1 : gamma.value().get(c)) * inv[c]);
            }
            return new Tensor[] {dx};
        }
        // d/dvar and d/dmean of the loss, per channel (sumG / sumGd reused to hold them).
        for (int c = 0; c < channels; c++) {
            double dvar = -0.5 * sumGd[c] * inv[c] * inv[c] * inv[c];
            double dmean = -inv[c] * sumG[c] - 2 * dvar * sumWd[c] / denom[c];
            sumGd[c] = dvar;
            sumG[c] = dmean;
        }
        for (int e = 0; e < x.size; e++) {
            int c = channel(e);
            double w = weight(mask, rest, e);
            double g = dy.get(e) * (gamma == null ? 1 : gamma.value().get(c));
            double d = x.get(e) - mean[c];
            dx.set(e, g * inv[c] + (sumGd[c] * 2 * d + sumG[c]) * w / denom[c]);
        }
        return new Tensor[] {dx};
    }
}
