package dev.nnl.runtime.train;

import dev.nnl.compiler.train.TrainConfig;
import dev.nnl.runtime.data.Dataset;
import dev.nnl.runtime.kernels.RunContext;
import dev.nnl.runtime.plan.Plan;
import dev.nnl.runtime.tensor.Floats;
import dev.nnl.runtime.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * One worker's part of a data-parallel step: the gradient of the loss over its rows of the
 * global batch, as a flat buffer laid out like the parameter store, weighted so that the
 * workers' buffers summed are the gradient of the global batch's mean loss — what
 * {@link Trainer} computes for the whole batch in one process.
 */
public final class Gradients {
    private final Plan plan;
    private final Loss loss;
    private final Batches batches;
    private final List<Metric> metrics;
    private final RunContext ctx;
    private final List<int[]> frozen;
    private Tensor grad;

    public Gradients(Plan plan, TrainConfig config, Dataset data) {
        this.plan = plan;
        this.loss = new Loss(config.loss());
        int classes = (int) plan.model().outputs().get(0).shape().last();
        this.batches = new Batches(data, plan.inputs(), plan.type(), loss, classes);
        this.metrics = Metric.all(config.metrics(), loss.name());
        this.ctx = new RunContext(plan.type(), true, 0);
        this.frozen = complement(plan.store().trainableRuns(), plan.store().size());
        plan.setInputGradients(false);
    }

    /** The training metrics, accumulated over the rows {@link #compute} saw since their reset. */
    public List<Metric> metrics() {
        return metrics;
    }

    /**
     * Computes the gradient of rows {@code order[from..to)} into {@code out} (the store's length),
     * scaled by {@code (to - from) / global}, the share of this worker's rows in the global batch.
     * The elements of weights that are not trained (BatchNormalization's moving statistics, frozen
     * layers) hold the replica's value with the same scale, so the summed buffer holds their
     * batch-weighted mean over the workers. Dropout draws from (seed + worker, epoch, step): worker
     * 0 draws what a single process would.
     *
     * @return the loss summed over the rows (NaN or infinite when it diverged)
     */
    public double compute(long seed, int epoch, int step, int worker, int[] order, int from, int to, int global, float[] out) {
        int rows = to - from;
        if (rows == 0) {
            java.util.Arrays.fill(out, 0f);
            scaledFrozen(out, 0f);
            return 0;
        }
        batches.fill(order, from, to);
        ctx.training = true;
        ctx.reseed(Trainer.mix(seed + worker, epoch, step));
        Tensor output = plan.forward(batches.x(), ctx)[0];
        if (grad == null || !java.util.Arrays.equals(grad.shape, output.shape)) {
            grad = Tensor.reuse(grad, output.dataType(), output.shape);
        }
        double l = loss.compute(output, plan.outputKernel(0), batches.y(), grad);
        plan.store().zeroGrads();
        plan.backward(new Tensor[] {grad}, ctx);
        for (Metric m : metrics) {
            m.update(output, batches.y(), loss.sparseLabels());
        }
        Floats.get(plan.store().grads(), out);
        float scale = (float) rows / global;
        for (int i = 0; i < out.length; i++) {
            out[i] *= scale;
        }
        scaledFrozen(out, scale);
        return l * rows;
    }

    private void scaledFrozen(float[] out, float scale) {
        if (frozen.isEmpty()) {
            return;
        }
        Tensor params = plan.store().params();
        for (int[] run : frozen) {
            for (int i = run[0]; i < run[1]; i++) {
                out[i] = (float) params.get(i) * scale;
            }
        }
    }

    /** The [start, end) runs of [0, n) outside {@code runs} (sorted, disjoint). */
    public static List<int[]> complement(List<int[]> runs, int n) {
        List<int[]> out = new ArrayList<>();
        int at = 0;
        for (int[] r : runs) {
            if (r[0] > at) {
                out.add(new int[] {at, r[0]});
            }
            at = r[1];
        }
        if (at < n) {
            out.add(new int[] {at, n});
        }
        return out;
    }
}
