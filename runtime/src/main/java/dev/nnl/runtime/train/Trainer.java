package dev.nnl.runtime.train;

import dev.nnl.compiler.train.TrainConfig;
import dev.nnl.runtime.data.Dataset;
import dev.nnl.runtime.kernels.RunContext;
import dev.nnl.runtime.plan.Plan;
import dev.nnl.runtime.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Keras's {@code fit}: epochs of shuffled mini-batches, validation, metrics and callbacks.
 * Every random draw (shuffling, dropout) is derived from (seed, epoch, step), so a run resumed
 * from a checkpoint continues exactly as the uninterrupted run would have.
 */
public final class Trainer {
    /** Where training stands: the next step to run, and what callbacks remember. */
    public static final class State {
        public int epoch;
        public int step;
        public final List<Map<String, Double>> history = new ArrayList<>();
        public final Map<String, Double> callbackState = new LinkedHashMap<>();
        /** Arrays callbacks keep (EarlyStopping's best weights); saved with the artifact like callbackState. */
        public final Map<String, double[]> callbackArrays = new LinkedHashMap<>();
    }

    /** The loss became NaN or infinite; weights are those before the failing batch. */
    public static final class DivergedException extends RuntimeException {
        public final int epoch;
        public final int step;

        DivergedException(int epoch, int step, double loss) {
            super("the loss became " + loss + " at epoch " + (epoch + 1) + ", batch " + (step + 1));
            this.epoch = epoch;
            this.step = step;
        }
    }

    /** A stop was requested (Ctrl-C); {@link State} points at the next batch, ready to resume. */
    public static final class Stopped extends RuntimeException {
        Stopped() {
            super("training interrupted");
        }
    }

    /** Saves the model (ModelCheckpoint); the path is already resolved. */
    public interface Checkpointer {
        void save(String path, State state) throws Exception;
    }

    /**
     * Runs an epoch's steps somewhere else than this process's loop (data-parallel workers), from
     * the plan's weights and the optimizer's state, leaving the end state in both.
     */
    public interface Steps {
        /**
         * Runs steps [{@code firstStep}, last] of {@code epoch} and adds the epoch's metric counts
         * into {@code metrics} ({@link Metric#add}); tells {@code progress}, on the calling
         * thread, where the epoch stands while it runs.
         */
        Outcome run(int epoch, int firstStep, List<Metric> metrics, Progress progress) throws Exception;

        /** The training samples the steps visit (the workers read them, this process need not). */
        int samples();

        /**
         * Evaluates the validation data where the steps run, from the plan's weights, adding its
         * metric counts into {@code metrics}; null when there is none.
         */
        Outcome validate(List<Metric> metrics) throws Exception;
    }

    /** Where a remote epoch stands ({@link Steps#run}). */
    public interface Progress {
        /**
         * Steps up to {@code step} are done: the loss summed over their {@code samples}, and
         * per training metric its {@link Metric#counts} over them.
         */
        void done(int step, double lossSum, long samples, List<double[]> metricCounts);
    }

    /**
     * What {@link Steps#run} did: the sum of the per-sample loss over the samples it trained on;
     * {@code diverged} is the step whose loss ({@code lossSum} then) was NaN or infinite, with the
     * weights left as they were before it, or -1.
     */
    public record Outcome(double lossSum, long samples, int diverged) {
    }

    private final Plan plan;
    private final TrainConfig config;
    private final Loss loss;
    private final Optimizer optimizer;
    private final long seed;
    private final long epochs;
    private final int batchSize;
    private final AtomicBoolean stopRequested;
    private final Steps remote;

    public Trainer(Plan plan, TrainConfig config, Optimizer optimizer, long seed, long epochs, int batchSize,
                   AtomicBoolean stopRequested) {
        this(plan, config, optimizer, seed, epochs, batchSize, stopRequested, null);
    }

    /** A trainer whose epochs' steps run on {@code remote} (null: in this process). */
    public Trainer(Plan plan, TrainConfig config, Optimizer optimizer, long seed, long epochs, int batchSize,
                   AtomicBoolean stopRequested, Steps remote) {
        this.remote = remote;
        this.plan = plan;
        this.config = config;
        this.loss = new Loss(config.loss());
        this.optimizer = optimizer;
        this.seed = seed;
        this.epochs = epochs;
        this.batchSize = batchSize;
        this.stopRequested = stopRequested;
    }

    public Optimizer optimizer() {
        return optimizer;
    }

    /**
     * Trains from {@code state} (epoch 0, step 0 for a fresh run) to the configured number of
     * epochs. With remote {@link Steps}, {@code train} and {@code validation} are null: the
     * workers hold the data.
     */
    public State fit(Dataset train, Dataset validation, State state, TrainingListener listener, Checkpointer checkpointer)
            throws Exception {
        int n = remote != null ? remote.samples() : train.size();
        int steps = (n + batchSize - 1) / batchSize;
        int classes = (int) plan.model().outputs().get(0).shape().last();
        Batches batches = remote != null ? null : new Batches(train, plan.inputs(), plan.type(), loss, classes);
        List<Metric> metrics = Metric.all(config.metrics(), loss.name());
        Callbacks callbacks = new Callbacks(config.callbacks(), state, optimizer, plan, listener);
        RunContext ctx = new RunContext(plan.type(), true, seed);
        plan.setInputGradients(false);
        Tensor grad = null;
        listener.onTrainBegin((int) epochs, steps, n);
        while (state.epoch < epochs) {
            int epoch = state.epoch;
            listener.onEpochBegin(epoch, (int) epochs);
            int[] order = order(n, epoch);
            double lossSum = 0;
            long seen = 0;
            metrics.forEach(Metric::reset);
            if (remote != null) {
                List<Metric> running = Metric.all(config.metrics(), loss.name());
                // The last step is told below, once, with the epoch's exact totals.
                Outcome o = remote.run(epoch, state.step, metrics, (step, sum, samples, counts) -> {
                    if (step >= steps - 1) {
                        return;
                    }
                    for (int i = 0; i < running.size(); i++) {
                        running.get(i).reset();
                        running.get(i).add(counts.get(i));
                    }
                    listener.onBatchEnd(epoch, step, logs(sum / Math.max(1, samples), running, ""));
                });
                if (o.diverged() >= 0) {
                    state.step = o.diverged();
                    throw new DivergedException(epoch, o.diverged(), o.lossSum());
                }
                lossSum = o.lossSum();
                seen = o.samples();
                state.step = steps;
                listener.onBatchEnd(epoch, steps - 1, logs(lossSum / Math.max(1, seen), metrics, ""));
            }
            // A resumed epoch reports running means over the batches this process ran.
            for (int step = remote != null ? steps : state.step; step < steps; step++) {
                int from = step * batchSize;
                int to = Math.min(n, from + batchSize);
                batches.fill(order, from, to);
                ctx.training = true;
                ctx.reseed(mix(seed, epoch, step));
                Tensor out = plan.forward(batches.x(), ctx)[0];
                grad = sameShape(grad, out);
                double l = loss.compute(out, plan.outputKernel(0), batches.y(), grad);
                if (!Double.isFinite(l)) {
                    state.step = step;
                    throw new DivergedException(epoch, step, l);
                }
                plan.store().zeroGrads();
                plan.backward(new Tensor[] {grad}, ctx);
                optimizer.step(plan.store());
                lossSum += l * (to - from);
                seen += to - from;
                for (Metric m : metrics) {
                    m.update(out, batches.y(), loss.sparseLabels());
                }
                listener.onBatchEnd(epoch, step, logs(lossSum / seen, metrics, ""));
                state.step = step + 1;
                if (stopRequested.get() && state.step < steps) {
                    throw new Stopped();
                }
            }
            Map<String, Double> logs = logs(lossSum / Math.max(1, seen), metrics, "");
            if (validation != null && validation.size() > 0) {
                logs.putAll(evaluate(validation, "val_"));
            } else if (remote != null) {
                List<Metric> val = Metric.all(config.metrics(), loss.name());
                Outcome v = remote.validate(val);
                if (v != null && v.samples() > 0) {
                    logs.putAll(logs(v.lossSum() / v.samples(), val, "val_"));
                }
            }
            logs.put("learning_rate", optimizer.learningRate());
            state.history.add(logs);
            state.epoch = epoch + 1;
            state.step = 0;
            listener.onEpochEnd(epoch, logs);
            boolean stop = callbacks.onEpochEnd(epoch, logs, checkpointer);
            if (stop) {
                break;
            }
            if (stopRequested.get() && state.epoch < epochs) {
                throw new Stopped();
            }
        }
        callbacks.onTrainEnd();
        return state;
    }

    /** Loss and metrics over a dataset in inference mode, weighted by batch size. */
    public Map<String, Double> evaluate(Dataset data, String prefix) {
        return evaluate(plan, config, data, batchSize, prefix);
    }

    public static Map<String, Double> evaluate(Plan plan, TrainConfig config, Dataset data, int batchSize, String prefix) {
        return evaluate(plan, config, data, batchSize, prefix, null);
    }

    /**
     * As {@link #evaluate(Plan, TrainConfig, Dataset, int, String)}, also adding every batch to
     * {@code confusion} (when not null) in the same pass.
     */
    public static Map<String, Double> evaluate(Plan plan, TrainConfig config, Dataset data, int batchSize, String prefix,
                                               ConfusionCounts confusion) {
        List<Metric> metrics = Metric.all(config.metrics(), new Loss(config.loss()).name());
        Outcome o = evaluate(plan, config, data, 0, data.size(), batchSize, metrics, confusion);
        return logs(o.lossSum() / Math.max(1, o.samples()), metrics, prefix);
    }

    /**
     * Rows [{@code from}, {@code to}) of {@code data} in inference mode: the loss summed over
     * them, their counts added into {@code metrics}, and every batch into {@code confusion} (when
     * not null) in the same pass. A data-parallel worker evaluates its share this way.
     */
    public static Outcome evaluate(Plan plan, TrainConfig config, Dataset data, int from, int to, int batchSize,
                                   List<Metric> metrics, ConfusionCounts confusion) {
        Loss loss = new Loss(config.loss());
        int classes = (int) plan.model().outputs().get(0).shape().last();
        Batches batches = new Batches(data, plan.inputs(), plan.type(), loss, classes);
        RunContext ctx = new RunContext(plan.type(), false, 0);
        int[] order = identity(data.size());
        double sum = 0;
        for (int a = from; a < to; a += batchSize) {
            int b = Math.min(to, a + batchSize);
            batches.fill(order, a, b);
            Tensor out = plan.forward(batches.x(), ctx)[0];
            sum += loss.compute(out, plan.outputKernel(0), batches.y(), null) * (b - a);
            for (Metric m : metrics) {
                m.update(out, batches.y(), loss.sparseLabels());
            }
            if (confusion != null) {
                confusion.update(out, batches.y());
            }
        }
        return new Outcome(sum, to - from, -1);
    }

    private static Map<String, Double> logs(double lossMean, List<Metric> metrics, String prefix) {
        Map<String, Double> logs = new LinkedHashMap<>();
        logs.put(prefix + "loss", lossMean);
        for (Metric m : metrics) {
            logs.put(prefix + m.name(), m.result());
        }
        return logs;
    }

    /** The order in which an epoch visits the samples: seeded by (seed, epoch), so every worker computes the same. */
    public static int[] order(int n, long seed, int epoch, boolean shuffle) {
        int[] order = identity(n);
        if (shuffle) {
            SplittableRandom rng = new SplittableRandom(mix(seed, epoch, -1));
            for (int i = n - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
        return order;
    }

    private int[] order(int n, int epoch) {
        return order(n, seed, epoch, config.shuffle());
    }

    private static int[] identity(int n) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        return order;
    }

    private static Tensor sameShape(Tensor t, Tensor like) {
        if (t != null && java.util.Arrays.equals(t.shape, like.shape)) {
            return t;
        }
        return Tensor.reuse(t, like.dataType(), like.shape);
    }

    /** A seed for (run seed, epoch, step), decorrelated (SplitMix64's finalizer). */
    public static long mix(long seed, long epoch, long step) {
        long z = seed * 0x9E3779B97F4A7C15L + epoch * 0xBF58476D1CE4E5B9L + step * 0x94D049BB133111EBL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
