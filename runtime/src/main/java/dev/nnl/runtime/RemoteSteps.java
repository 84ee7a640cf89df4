package dev.nnl.runtime;

import dev.nnl.compiler.train.TrainConfig;
import dev.nnl.runtime.plan.Plan;
import dev.nnl.runtime.tensor.Floats;
import dev.nnl.runtime.train.Loss;
import dev.nnl.runtime.train.Metric;
import dev.nnl.runtime.train.Optimizer;
import dev.nnl.runtime.train.Trainer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * A run's epochs on data-parallel workers ({@link DataParallel}), as the {@link Trainer} sees
 * them: each epoch moves the plan's weights and the optimizer's state to the workers and their
 * end state back; validation is the workers' evaluation of the weights after the epoch.
 */
final class RemoteSteps implements Trainer.Steps {
    private final DataParallel parallel;
    private final DataParallel.DataInfo info;
    private final Plan plan;
    private final Optimizer optimizer;
    private final long seed;
    private final int batchSize;

    RemoteSteps(DataParallel parallel, DataParallel.DataInfo info, Plan plan, Optimizer optimizer, long seed, int batchSize) {
        this.parallel = parallel;
        this.info = info;
        this.plan = plan;
        this.optimizer = optimizer;
        this.seed = seed;
        this.batchSize = batchSize;
    }

    @Override
    public Trainer.Outcome run(int epoch, int firstStep, List<Metric> metrics, Trainer.Progress progress) throws Exception {
        DataParallel.EpochEnd end = parallel.epoch(new DataParallel.EpochStart(epoch, firstStep, seed, batchSize, weights(plan),
                optimizer.iterations(), optimizer.learningRate(), optimizer.state()),
                p -> progress.done(p.step(), p.lossSum(), p.samples(), p.metricCounts()));
        Floats.write(end.weights(), plan.store().params());
        optimizer.restore(end.iterations(), optimizer.learningRate(), end.optimizerState());
        add(metrics, end.metricCounts());
        return new Trainer.Outcome(end.lossSum(), end.samples(), end.diverged());
    }

    @Override
    public int samples() {
        return info.trainSamples();
    }

    @Override
    public Trainer.Outcome validate(List<Metric> metrics) throws Exception {
        if (info.validationSamples() == 0) {
            return null;
        }
        DataParallel.Scores s = parallel.evaluate(weights(plan), DataParallel.Part.VALIDATION);
        add(metrics, s.metricCounts());
        return new Trainer.Outcome(s.lossSum(), s.samples(), -1);
    }

    /** The workers' loss and metrics on their test data under {@code plan}'s weights, as {@link FitResult#test}. */
    static Map<String, Double> test(DataParallel parallel, Plan plan, TrainConfig config) throws NnlException {
        DataParallel.Scores s = call(() -> parallel.evaluate(weights(plan), DataParallel.Part.TEST));
        List<Metric> metrics = Metric.all(config.metrics(), new Loss(config.loss()).name());
        add(metrics, s.metricCounts());
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("loss", s.lossSum() / Math.max(1, s.samples()));
        metrics.forEach(m -> out.put(m.name(), m.result()));
        return out;
    }

    /** Calls the workers; what fails there is the run's input error, as {@link #failure} says it. */
    static <T> T call(Callable<T> call) throws NnlException {
        try {
            return call.call();
        } catch (NnlException e) {
            throw e;
        } catch (Exception e) {
            throw failure(e);
        }
    }

    /**
     * A failure of the workers that is not already an {@link NnlException} (those carry the
     * workers' agreed message): the cluster's own, in one line.
     */
    static NnlException failure(Exception e) {
        NnlException n = new NnlException("distributed training failed: " + why(e), false);
        n.initCause(e);
        return n;
    }

    /**
     * The first line of the first message that says something: wrappers such as Spark's
     * "Exception thrown in awaitResult:" name no reason, their cause does.
     */
    private static String why(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String line = t.getMessage() == null ? "" : t.getMessage().lines().findFirst().orElse("").strip();
            if (!line.isEmpty() && !line.endsWith(":") && !line.startsWith("Exception thrown in awaitResult")) {
                return line;
            }
        }
        return e.getClass().getSimpleName();
    }

    private static float[] weights(Plan plan) {
        float[] w = new float[plan.store().size()];
        Floats.get(plan.store().params(), w);
        return w;
    }

    private static void add(List<Metric> metrics, List<double[]> counts) {
        for (int i = 0; i < metrics.size(); i++) {
            metrics.get(i).add(counts.get(i));
        }
    }
}
