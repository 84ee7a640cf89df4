package dev.nnl.runtime;

import dev.nnl.compiler.train.TrainConfig;
import dev.nnl.runtime.data.Dataset;
import dev.nnl.runtime.data.Preprocessing;
import dev.nnl.runtime.plan.Plan;
import dev.nnl.runtime.tensor.Floats;
import dev.nnl.runtime.train.Gradients;
import dev.nnl.runtime.train.Loss;
import dev.nnl.runtime.train.Metric;
import dev.nnl.runtime.train.Optimizer;
import dev.nnl.runtime.train.Trainer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * One data-parallel worker's copy of a model in training ({@link DataParallel}): the flat
 * parameter buffer, the data it reads itself (split into training, validation and test parts as
 * a single process splits it), the gradient of its rows of each global batch, and the optimizer
 * step for its slice of the buffer with its slice of the optimizer state.
 */
public final class Replica {
    private final Plan plan;
    private final TrainConfig config;
    private final Dataset data;
    private final Dataset validation;
    private final Dataset test;
    private final DataParallel.DataInfo info;
    private final Gradients gradients;

    private Replica(CompiledModel model, RunData.Inputs in) {
        this.plan = new Plan(model.model(), DataType.FLOAT);
        this.config = model.trainConfig();
        this.data = in.train();
        this.validation = in.validation();
        this.test = in.test();
        this.info = new DataParallel.DataInfo(data.size(), size(validation), size(test), in.prep(), List.copyOf(in.warnings()));
        this.gradients = new Gradients(plan, config, data);
    }

    private static int size(Dataset d) {
        return d == null ? 0 : d.size();
    }

    /**
     * A model compiled and its data read, once per process: every worker there makes its
     * {@link Replica} from it, sharing the samples.
     */
    public static final class Data {
        private final CompiledModel model;
        private final RunData.Inputs inputs;

        private Data(CompiledModel model, RunData.Inputs inputs) {
            this.model = model;
            this.inputs = inputs;
        }

        /**
         * Compiles {@code source} and reads the data its train block names (or {@code data}, as
         * {@link FitOptions#data}): the training samples, the validation samples (validation_data,
         * or validation_split's last samples) and the test samples (test_data, or the data's test
         * split).
         *
         * @param known as {@link DataParallel#open}
         * @throws NnlException when the source or the data cannot be read or do not fit
         */
        public static Data read(Path source, String model, String data, Preprocessing known) throws NnlException {
            CompiledModel m = Nnl.compile(source, model);
            if (m.trainConfig() == null) {
                throw new NnlException("model `" + m.name() + "` has no `train` block (it names the loss, optimizer and data)", false);
            }
            RunData run = new RunData(m.model(), m.trainConfig(), FitOptions.defaults().withData(data), TrainJob.baseDir(m.compilation().file()));
            return new Data(m, run.workerInputs(known));
        }

        /** A worker's replica: its own weights and buffers, these samples. */
        public Replica replica() {
            return new Replica(model, inputs);
        }
    }

    /** {@link Data#read} for one replica. */
    public static Replica open(Path source, String model, String data, Preprocessing known) throws NnlException {
        return Data.read(source, model, data, known).replica();
    }

    /** What this worker read, for the process that runs the training. */
    public DataParallel.DataInfo info() {
        return info;
    }

    /**
     * Worker {@code worker}'s share of {@code part} (rows {@link #slice}{@code (rows, worker,
     * workers)}) evaluated under {@code weights}.
     */
    public DataParallel.Scores evaluate(float[] weights, DataParallel.Part part, int worker, int workers) {
        Dataset d = part == DataParallel.Part.VALIDATION ? validation : test;
        List<Metric> metrics = Metric.all(config.metrics(), new Loss(config.loss()).name());
        if (d == null) {
            return new DataParallel.Scores(0, 0, counts(metrics));
        }
        setWeights(weights);
        int[] rows = slice(d.size(), worker, workers);
        Trainer.Outcome o = Trainer.evaluate(plan, config, d, rows[0], rows[1], evaluationBatch(), metrics, null);
        return new DataParallel.Scores(o.lossSum(), o.samples(), counts(metrics));
    }

    /** Evaluation runs in batches of the train block's size, as a single process evaluates. */
    private int evaluationBatch() {
        return (int) Math.max(1, config.batchSize());
    }

    private static List<double[]> counts(List<Metric> metrics) {
        List<double[]> out = new ArrayList<>();
        metrics.forEach(m -> out.add(m.counts()));
        return out;
    }

    /** The length of the flat parameter buffer. */
    public int parameters() {
        return plan.store().size();
    }

    /** The training samples. */
    public int samples() {
        return data.size();
    }

    /** The order in which epoch {@code epoch} visits the samples, the same on every worker and as a single process. */
    public int[] order(long seed, int epoch) {
        return Trainer.order(data.size(), seed, epoch, config.shuffle());
    }

    /** Sets the flat parameter buffer. */
    public void setWeights(float[] weights) {
        Floats.write(weights, plan.store().params());
    }

    /** Copies the flat parameter buffer into {@code into}. */
    public void weights(float[] into) {
        Floats.get(plan.store().params(), into);
    }

    /**
     * The gradient of rows {@code order[from..to)} of global batch {@code step}, into {@code out}
     * ({@link #parameters} long), weighted by this worker's share of the {@code global} rows: the
     * workers' buffers summed are the whole batch's gradient. Elements of untrained weights
     * (BatchNormalization statistics) carry their weighted value instead; {@link Shard#step} takes
     * their sum as the new value.
     *
     * @return the loss summed over the rows
     */
    public double gradient(long seed, int epoch, int step, int worker, int[] order, int from, int to, int global, float[] out) {
        return gradients.compute(seed, epoch, step, worker, order, from, to, global, out);
    }

    /** Clears the training metrics (at the start of an epoch). */
    public void resetMetrics() {
        gradients.metrics().forEach(m -> m.reset());
    }

    /** The training metrics' counts since {@link #resetMetrics}, one array per metric of the train block. */
    public List<double[]> metricCounts() {
        return counts(gradients.metrics());
    }

    /**
     * The optimizer for slice [{@code from}, {@code to}) of the buffer, starting from
     * {@code state} (whole-buffer state buffers, as {@link DataParallel.EpochStart} holds them).
     */
    public Shard shard(int from, int to, long iterations, double learningRate, Map<String, double[]> state) {
        Optimizer optimizer = new Optimizer(config.optimizer());
        Map<String, double[]> slice = new LinkedHashMap<>();
        state.forEach((k, v) -> slice.put(k, java.util.Arrays.copyOfRange(v, from, to)));
        optimizer.restore(iterations, learningRate, slice);
        List<int[]> trainable = new ArrayList<>();
        for (int[] r : plan.store().trainableRuns()) {
            int[] part = within(r, from, to);
            if (part[0] < part[1]) {
                trainable.add(part);
            }
        }
        // Every trainable weight, also those outside the slice: the workers' norm sums line up.
        List<int[]> weights = new ArrayList<>();
        for (int[] w : plan.store().trainableWeights()) {
            weights.add(within(w, from, to));
        }
        return new Shard(optimizer, trainable, weights, Gradients.complement(trainable, to - from));
    }

    /** The part of [r0, r1) in [from, to), in slice coordinates (empty: start = end). */
    private static int[] within(int[] r, int from, int to) {
        int a = Math.min(Math.max(from, r[0]), to);
        int b = Math.max(Math.min(to, r[1]), a);
        return new int[] {a - from, b - from};
    }

    /** Worker {@code worker}'s slice [start, end) of a buffer of {@code n} elements cut in {@code workers}. */
    public static int[] slice(int n, int worker, int workers) {
        return new int[] {(int) ((long) n * worker / workers), (int) ((long) n * (worker + 1) / workers)};
    }

    /**
     * Trains this worker's part of one epoch: each step, the gradient of its rows of the global
     * batch (rows {@code from + rows * k / N} on for worker k of N: they differ by at most one
     * row, and a worker may get none when the batch has fewer rows than workers), reduce-scatter,
     * the optimizer step on its slice with its slice of the state, all-gather. Each slice carries
     * the sender's loss sum and metric counts of the step as a tail of more elements, so every
     * worker sees the step's global loss (all stop at the same step when it is NaN or infinite,
     * with the weights before it) and the epoch's {@link DataParallel.Progress}.
     */
    public DataParallel.WorkerEnd trainEpoch(DataParallel.EpochStart start, int worker, int workers, DataParallel.Exchange exchange)
            throws Exception {
        int n = parameters();
        int[] own = slice(n, worker, workers);
        Shard shard = shard(own[0], own[1], start.iterations(), start.learningRate(), start.optimizerState());
        setWeights(start.weights());
        resetMetrics();
        float[] weights = start.weights().clone();
        float[] grad = new float[n];
        float[] mine = java.util.Arrays.copyOfRange(weights, own[0], own[1]);
        int[] order = order(start.seed(), start.epoch());
        int batch = start.batchSize();
        int steps = (data.size() + batch - 1) / batch;
        double lossSum = 0;
        long samples = 0;
        Tally tally = new Tally(metricCounts());
        for (int step = start.firstStep(); step < steps; step++) {
            int from = step * batch;
            int rows = Math.min(data.size(), from + batch) - from;
            int a = from + (int) ((long) rows * worker / workers);
            int b = from + (int) ((long) rows * (worker + 1) / workers);
            double loss = gradient(start.seed(), start.epoch(), step, worker, order, a, b, rows, grad);
            float[] tail = tally.tail(loss, metricCounts());
            float[][] out = new float[workers][];
            for (int j = 0; j < workers; j++) {
                int[] s = slice(n, j, workers);
                out[j] = new float[s[1] - s[0] + tail.length];
                System.arraycopy(grad, s[0], out[j], 0, s[1] - s[0]);
                System.arraycopy(tail, 0, out[j], s[1] - s[0], tail.length);
            }
            float[][] in = exchange.reduceScatter(step, out);
            float[] summed = new float[own[1] - own[0]];
            for (float[] part : in) {
                for (int i = 0; i < summed.length; i++) {
                    summed[i] += part[i];
                }
            }
            double global = tally.add(in, summed.length, rows);
            if (!Double.isFinite(global)) {
                return new DataParallel.WorkerEnd(worker, mine, shard.iterations(), shard.state(), global, samples, metricCounts(), step);
            }
            int at = step;
            shard.step(mine, summed, partial -> exchange.sum(at, partial));
            float[][] all = exchange.allGather(step, mine);
            for (int j = 0; j < workers; j++) {
                int[] s = slice(n, j, workers);
                System.arraycopy(all[j], 0, weights, s[0], s[1] - s[0]);
            }
            setWeights(weights);
            lossSum += loss;
            samples += b - a;
            exchange.progress(tally.progress(step));
        }
        return new DataParallel.WorkerEnd(worker, mine, shard.iterations(), shard.state(), lossSum, samples, metricCounts(), -1);
    }

    /**
     * The epoch's running totals over all workers, from the tails of the slices: each worker
     * sends its step's loss sum and the step's change of its metric counts (small numbers, exact
     * in float32 for counts of samples), and receives every worker's.
     */
    private static final class Tally {
        private final List<double[]> last;
        private final int size;
        private final double[] counts;
        private double lossSum;
        private long samples;

        Tally(List<double[]> start) {
            this.last = start;
            int total = 0;
            for (double[] c : start) {
                total += c.length;
            }
            this.size = total;
            this.counts = new double[total];
        }

        /** This worker's tail of a step: its loss sum, then its metric counts' change since the last step. */
        float[] tail(double loss, List<double[]> now) {
            float[] tail = new float[1 + size];
            tail[0] = (float) loss;
            int k = 1;
            for (int m = 0; m < now.size(); m++) {
                for (int i = 0; i < now.get(m).length; i++) {
                    tail[k++] = (float) (now.get(m)[i] - last.get(m)[i]);
                }
                last.set(m, now.get(m));
            }
            return tail;
        }

        /** Adds every worker's tail (after {@code offset} elements of its slice); returns the step's global loss sum. */
        double add(float[][] parts, int offset, int rows) {
            double loss = 0;
            for (float[] part : parts) {
                loss += part[offset];
                for (int i = 0; i < size; i++) {
                    counts[i] += part[offset + 1 + i];
                }
            }
            lossSum += loss;
            samples += rows;
            return loss;
        }

        DataParallel.Progress progress(int step) {
            List<double[]> split = new ArrayList<>();
            int k = 0;
            for (double[] c : last) {
                split.add(java.util.Arrays.copyOfRange(counts, k, k + c.length));
                k += c.length;
            }
            return new DataParallel.Progress(step, lossSum, samples, split);
        }
    }

    /** A slice of the buffer and its optimizer state, updated by one worker. */
    public static final class Shard {
        private final Optimizer optimizer;
        private final List<int[]> trainable;
        private final List<int[]> weights;
        private final List<int[]> frozen;

        private Shard(Optimizer optimizer, List<int[]> trainable, List<int[]> weights, List<int[]> frozen) {
            this.optimizer = optimizer;
            this.trainable = trainable;
            this.weights = weights;
            this.frozen = frozen;
        }

        /**
         * One optimizer step: {@code weights} (the slice, updated in place) from {@code summed},
         * the slice of the workers' summed {@link #gradient} buffers; untrained elements take
         * their summed value. {@code sums} adds up the workers' sums of squares when the
         * optimizer clips by a norm ({@link DataParallel.Exchange#sum}).
         */
        public void step(float[] weights, float[] summed, Optimizer.Sums sums) throws Exception {
            for (int[] r : frozen) {
                System.arraycopy(summed, r[0], weights, r[0], r[1] - r[0]);
            }
            optimizer.stepSlice(weights, summed, trainable, this.weights, sums);
        }

        /** The optimizer's step count. */
        public long iterations() {
            return optimizer.iterations();
        }

        /** The slice's optimizer state buffers by name. */
        public Map<String, double[]> state() {
            return optimizer.state();
        }
    }
}
