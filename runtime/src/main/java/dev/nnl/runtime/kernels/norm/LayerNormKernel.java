package dev.nnl.runtime.kernels.norm;

import dev.nnl.compiler.ir.LayerNode;
import dev.nnl.runtime.init.Initializers;
import dev.nnl.runtime.kernels.Kernel;
import dev.nnl.runtime.kernels.RunContext;
import dev.nnl.runtime.tensor.ParamStore;
import dev.nnl.runtime.tensor.Tensor;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * keras.layers.LayerNormalization as Keras 3 computes it (keras/src/ops/nn.py
 * {@code _layer_normalization}): per sample, mean and biased variance over {@code axis} (one axis
 * or several); {@code (x − mean) / sqrt(var + epsilon) · gamma + beta}. gamma/beta have the sizes
 * of the normalized axes, laid out in input-axis order (Keras sorts the axes and reshapes the
 * weights to the broadcast shape). With {@code rms_scaling} Keras 3 computes
 * {@code x / sqrt(var + epsilon) · gamma}: the variance is still taken around the mean, but the
 * mean is not subtracted from x; that is reproduced here as is.
 */
public final class LayerNormKernel extends Kernel {
    private final double epsilon;
    private final boolean rms;
    private final boolean[] normalized;
    private ParamStore.Slot gamma;
    private ParamStore.Slot beta;

    private long[] inShape;
    /** Per position within a sample: its group (the non-normalized coordinates) and its gamma/beta index. */
    private int[] groupOf;
    private int[] paramOf;
    private int groupsPerSample;
    private int groupSize;
    private Tensor y;
    private Tensor dx;
    private double[] mean;
    private double[] inv;
    private double[] s1;
    private double[] s2;

    public LayerNormKernel(LayerNode node) {
        super(node);
        this.epsilon = node.args().getDouble("epsilon");
        this.rms = node.args().getBool("rms_scaling");
        int rank = node.outputShapes().get(0).rank();
        normalized = new boolean[rank];
        for (long a : node.args().getLongs("axis")) {
            normalized[(int) (a < 0 ? a + rank + 1 : a) - 1] = true;
        }
    }

    @Override
    public void attach(ParamStore store) {
        var names = store.slotsOf(node.name()).stream().map(s -> s.weight().name()).toList();
        gamma = names.contains("gamma") ? store.slot(node.name(), "gamma") : null;
        beta = names.contains("beta") ? store.slot(node.name(), "beta") : null;
    }

    @Override
    public void initialize(ParamStore store, SplittableRandom rng) {
        if (gamma != null) {
            Initializers.fill(gamma.value(), node.args().getValue("gamma_initializer"), rng);
        }
        if (beta != null) {
            Initializers.fill(beta.value(), node.args().getValue("beta_initializer"), rng);
        }
    }

    private void prepare(Tensor x, RunContext ctx) {
        y = ensure(y, ctx.type, x.shape);
        dx = ensure(dx, ctx.type, x.shape);
        if (Arrays.equals(x.shape, inShape)) {
            return;
        }
        inShape = x.shape.clone();
        int per = x.perSample();
        groupOf = new int[per];
        paramOf = new int[per];
        int rank = x.shape.length - 1;
        int[] coord = new int[rank];
        int groups = 1;
        int size = 1;
        for (int d = 0; d < rank; d++) {
            if (normalized[d]) {
                size *= (int) x.shape[d + 1];
            } else {
                groups *= (int) x.shape[d + 1];
            }
        }
        groupsPerSample = groups;
        groupSize = size;
        for (int p = 0; p < per; p++) {
            int gi = 0;
            int pi = 0;
            for (int d = 0; d < rank; d++) {
                int n = (int) x.shape[d + 1];
                if (normalized[d]) {
                    pi = pi * n + coord[d];
                } else {
                    gi = gi * n + coord[d];
                }
            }
            groupOf[p] = gi;
            paramOf[p] = pi;
            for (int d = rank - 1; d >= 0; d--) {
                if (++coord[d] < x.shape[d + 1]) {
                    break;
                }
                coord[d] = 0;
            }
        }
        int total = (int) x.shape[0] * groups;
        mean = new double[total];
        inv = new double[total];
        s1 = new double[total];
        s2 = new double[total];
    }

    @Override
    public Tensor[] forward(Tensor[] in, Tensor[] masks, RunContext ctx) {
        Tensor x = in[0];
        prepare(x, ctx);
        int per = x.perSample();
        Arrays.fill(mean, 0);
        Arrays.fill(s1, 0);
        for (int e = 0; e < x.size; e++) {
            mean[e / per * groupsPerSample + groupOf[e % per]] += x.get(e);
        }
        for (int g = 0; g < mean.length; g++) {
            mean[g] /= groupSize;
        }
        for (int e = 0; e < x.size; e++) {
            int g = e / per * groupsPerSample + groupOf[e % per];
            double d = x.get(e) - mean[g];
            s1[g] += d * d;
        }
        for (int g = 0; g < mean.length; g++) {
            inv[g] = 1 / Math.sqrt(s1[g] / groupSize + epsilon);
        }
        for (int e = 0; e < x.size; e++) {
            int p = e % per;
            int g = e / per * groupsPerSample + groupOf[p];
            double v = (rms ? x.get(e) : x.get(e) - mean[g]) * inv[g];
            if (gamma != null) {
                v *= gamma.value().get(paramOf[p]);
            }
            if (beta != null) {
                v += beta.value().get(paramOf[p]);
            }
            y.set(e, v);
        }
        return new Tensor[] {y};
    }

    @Override
    public Tensor[] backward(Tensor[] in, Tensor[] masks, Tensor[] dOut, RunContext ctx) {
        Tensor x = in[0];
        Tensor dy = dOut[0];
        int per = x.perSample();
        Arrays.fill(s1, 0);
        Arrays.fill(s2, 0);
        // s1 = Σ g, s2 = Σ g·(x − mean) per group, with g = dy·gamma (rms: s2 = Σ g·x).
        for (int e = 0; e < x.size; e++) {
            int p = e % per;
            int g = e / per * groupsPerSample + groupOf[p];
            double dyv = dy.get(e);
            double xn = (rms ? x.get(e) : x.get(e) - mean[g]) * inv[g];
            if (gamma != null) {
                gamma.grad().add(paramOf[p], dyv * xn);
            }
            if (beta != null) {
                beta.grad().add(paramOf[p], dyv);
            }
            double gv = gamma == null ? dyv : dyv * gamma.value().get(paramOf[p]);
            s1[g] += gv;
            s2[g] += gv * (rms ? x.get(e) : x.get(e) - mean[g]);
        }
        for (int e = 0; e < x.size; e++) {
            int p = e % per;
            int g = e / per * groupsPerSample + groupOf[p];
            double gv = gamma == null ? dy.get(e) : dy.get(e) * gamma.value().get(paramOf[p]);
            double d = x.get(e) - mean[g];
            double i3 = inv[g] * inv[g] * inv[g];
            double v;
            if (rms) {
                // y = x·inv(var): d/dx = g·inv − (Σ g·x)·inv³·(x − mean)/n
                v = gv * inv[g] - s2[g] * i3 * d / groupSize;
            } else {
                v = inv[g] * (gv - s1[g] / groupSize) - s2[g] * i3 * d / groupSize;
            }
            dx.set(e, v);
        }
        return new Tensor[] {dx};
    }
}
