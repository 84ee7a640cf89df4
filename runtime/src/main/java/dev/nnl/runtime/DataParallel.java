package dev.nnl.runtime;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * Runs the training steps of each epoch on data-parallel workers ({@code nnlc train --spark}),
 * while the calling process keeps everything else a run does: the metrics, callbacks, progress,
 * and the {@code .nnlz} after every epoch ({@link CompiledModel#fit(FitOptions,
 * dev.nnl.runtime.train.TrainingListener, java.util.concurrent.atomic.AtomicBoolean, DataParallel)}).
 * Each worker holds a {@link Replica}, which reads the data itself: the calling process reads
 * none of it, and gets sizes, preprocessing and validation scores from the workers. An
 * implementation must give every replica the same weights before each step, and apply one
 * optimizer step per global batch to the summed gradients.
 */
public interface DataParallel extends AutoCloseable {
    /**
     * Has the workers read the data, as a single process would split it, and says what they
     * found; called once, before the first epoch.
     *
     * @param known the preprocessing of the run being resumed (its vocabulary, means, label
     *     names), or null to compute it from the data
     * @throws NnlException when the workers cannot read the data or it does not fit the model
     */
    DataInfo open(dev.nnl.runtime.data.Preprocessing known) throws Exception;

    /** How many workers share each batch. */
    int workers();

    /** The loss and metric counts of {@code part} under {@code weights}, each worker evaluating a share of its rows. */
    Scores evaluate(float[] weights, Part part) throws Exception;

    /** The held-out parts of a run's data that the workers evaluate. */
    enum Part { VALIDATION, TEST }

    /**
     * What the workers read ({@link #open}).
     *
     * @param trainSamples the samples trained on per epoch
     * @param validationSamples the samples validated on (0 without validation)
     * @param testSamples the samples of test_data, else of the data's test split, else 0
     * @param preprocessing what eval and predict must repeat, as the artifact records it
     * @param warnings what a single process would warn about the data
     */
    record DataInfo(int trainSamples, int validationSamples, int testSamples, dev.nnl.runtime.data.Preprocessing preprocessing,
                    List<String> warnings) implements Serializable {
    }

    /**
     * Loss and metrics summed over some rows: a worker's share, or all workers' added ({@link #sum}).
     *
     * @param metricCounts per metric of the train block, in order, its {@link dev.nnl.runtime.train.Metric#counts}
     */
    record Scores(double lossSum, long samples, List<double[]> metricCounts) implements Serializable {
        /** The workers' scores added. */
        public static Scores sum(List<Scores> parts) {
            double loss = 0;
            long samples = 0;
            List<double[]> counts = new java.util.ArrayList<>();
            for (Scores p : parts) {
                loss += p.lossSum();
                samples += p.samples();
                addCounts(counts, p.metricCounts());
            }
            return new Scores(loss, samples, counts);
        }
    }

    /** Adds {@code counts} (per metric) into {@code into}, growing it on the first call. */
    private static void addCounts(List<double[]> into, List<double[]> counts) {
        for (int i = 0; i < counts.size(); i++) {
            if (into.size() <= i) {
                into.add(new double[counts.get(i).length]);
            }
            double[] c = into.get(i);
            for (int j = 0; j < c.length; j++) {
                c[j] += counts.get(i)[j];
            }
        }
    }

    /**
     * Trains steps [{@link EpochStart#firstStep}, last] of one epoch from {@code start}, telling
     * {@code progress}, on the calling thread, where the epoch stands while it runs (not
     * necessarily after every step, nor at all when the epoch is short).
     */
    EpochEnd epoch(EpochStart start, java.util.function.Consumer<Progress> progress) throws Exception;

    /** Releases the workers (stops the cluster application). */
    @Override
    default void close() {
    }

    /**
     * Makes a {@link DataParallel} for {@code nnlc train --spark}: the CLI finds one with
     * {@link java.util.ServiceLoader}, so the cluster's libraries are loaded only when asked for
     * (the nnl-spark module provides one).
     */
    interface Provider {
        /**
         * Connects to {@code master} and prepares {@code workers} workers training {@code source}'s
         * model ({@code model}: null for the only one) on its train block's data, or {@code data}
         * ({@link FitOptions#data}); the workers read those paths themselves.
         *
         * @param threads math threads per worker, or null for the default
         * @param listener hears about worker failures and reruns
         * @throws NnlException when the cluster cannot be reached or refuses the request
         */
        DataParallel start(String master, int workers, java.nio.file.Path source, String model, String data, Integer threads,
                           dev.nnl.runtime.train.TrainingListener listener) throws NnlException;
    }

    /**
     * How the workers of one epoch exchange buffers each step ({@link Replica#trainEpoch}): the
     * two halves of an AllReduce. Both calls return only once every worker has made the same call.
     */
    interface Exchange {
        /**
         * Reduce-scatter: {@code slices[j]} goes to worker j; returns, for this worker's own
         * slice, every worker's copy of it (in worker order) to be summed.
         */
        float[][] reduceScatter(int step, float[][] slices) throws Exception;

        /** All-gather: this worker's updated slice goes to all; returns every worker's, in worker order. */
        float[][] allGather(int step, float[] slice) throws Exception;

        /**
         * All-reduce of a few numbers (gradient clipping's sums of squares, between the two
         * halves of a step): returns the element-wise sum of every worker's {@code values},
         * added in worker order, so that every worker gets the same numbers.
         */
        double[] sum(int step, double[] values) throws Exception;

        /**
         * Where the epoch stands after each step, the same on every worker: an implementation
         * may pass it on to {@link DataParallel#epoch}'s caller (worker 0's, say), or not.
         */
        default void progress(Progress progress) {
        }
    }

    /**
     * An epoch's progress, summed over the workers.
     *
     * @param step the last step done
     * @param lossSum the loss summed over the samples of the steps done (from the epoch's {@link EpochStart#firstStep})
     * @param samples those samples
     * @param metricCounts per training metric, its {@link dev.nnl.runtime.train.Metric#counts} over those samples
     */
    record Progress(int step, double lossSum, long samples, List<double[]> metricCounts) implements Serializable {
    }

    /**
     * One worker's result of an epoch ({@link Replica#trainEpoch}).
     *
     * @param worker the worker, from 0
     * @param weights its slice of the flat parameter buffer ({@link Replica#slice})
     * @param iterations the optimizer's step count
     * @param optimizerState its slice of the optimizer's state buffers
     * @param lossSum the loss summed over its samples, or the diverging step's global loss
     * @param samples its samples trained on
     * @param metricCounts its counts per training metric
     * @param diverged as {@link EpochEnd#diverged}
     */
    record WorkerEnd(int worker, float[] weights, long iterations, Map<String, double[]> optimizerState, double lossSum,
                     long samples, List<double[]> metricCounts, int diverged) implements Serializable {
    }

    /** The epoch's end from every worker's (in any order): slices joined, losses and counts summed. */
    static EpochEnd join(List<WorkerEnd> workers, int parameters) {
        List<WorkerEnd> byWorker = new java.util.ArrayList<>(workers);
        byWorker.sort(java.util.Comparator.comparingInt(WorkerEnd::worker));
        int n = byWorker.size();
        float[] weights = new float[parameters];
        Map<String, double[]> state = new java.util.LinkedHashMap<>();
        double loss = 0;
        long samples = 0;
        List<double[]> counts = new java.util.ArrayList<>();
        for (WorkerEnd w : byWorker) {
            int[] s = Replica.slice(parameters, w.worker(), n);
            System.arraycopy(w.weights(), 0, weights, s[0], s[1] - s[0]);
            w.optimizerState().forEach((k, v) -> System.arraycopy(v, 0, state.computeIfAbsent(k, x -> new double[parameters]), s[0], v.length));
            loss += w.lossSum();
            samples += w.samples();
            addCounts(counts, w.metricCounts());
        }
        WorkerEnd first = byWorker.get(0);
        if (first.diverged() >= 0) {
            return new EpochEnd(weights, first.iterations(), state, first.lossSum(), samples, counts, first.diverged());
        }
        return new EpochEnd(weights, first.iterations(), state, loss, samples, counts, -1);
    }

    /**
     * Where an epoch starts.
     *
     * @param epoch the epoch, from 0
     * @param firstStep the first step to run (not 0 when a run resumes mid-epoch)
     * @param seed the run's seed: shuffling and dropout derive from it
     * @param batchSize the global batch, split over the workers
     * @param weights the flat parameter buffer ({@link Replica#parameters} long)
     * @param iterations the optimizer's step count so far
     * @param learningRate the learning rate for this epoch
     * @param optimizerState the optimizer's state buffers by name, each as long as {@code weights}
     *     (empty before the first step)
     */
    record EpochStart(int epoch, int firstStep, long seed, int batchSize, float[] weights, long iterations,
                      double learningRate, Map<String, double[]> optimizerState) implements Serializable {
    }

    /**
     * Where an epoch ended.
     *
     * @param weights the flat parameter buffer after the last step run
     * @param iterations the optimizer's step count then
     * @param optimizerState the state buffers then, each as long as {@code weights}
     * @param lossSum the loss summed over the samples trained on (the diverging step's global loss
     *     when {@code diverged} is not -1)
     * @param samples the samples trained on
     * @param metricCounts per training metric of the train block, in order, its summed
     *     {@link dev.nnl.runtime.train.Metric#counts}
     * @param diverged the step whose loss was NaN or infinite (the weights are those before it), or -1
     */
    record EpochEnd(float[] weights, long iterations, Map<String, double[]> optimizerState, double lossSum, long samples,
                    List<double[]> metricCounts, int diverged) implements Serializable {
    }
}
