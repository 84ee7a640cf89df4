package dev.nnl.spark;

import dev.nnl.runtime.DataParallel;
import dev.nnl.runtime.NnlException;
import dev.nnl.runtime.data.Preprocessing;
import dev.nnl.runtime.train.TrainingListener;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.apache.spark.ExecutorLostFailure;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;
import org.apache.spark.SparkException;
import org.apache.spark.TaskFailedReason;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorRemoved;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

/**
 * Data-parallel training on a Spark cluster: each epoch's steps run as one barrier stage of
 * {@code workers} tasks ({@link WorkerTask}; barrier mode for its gang scheduling: the tasks wait
 * for each other, so all must run at once), which exchange gradients and weights through the
 * block manager ({@link BlockExchange}). The driver sends each epoch's starting weights and
 * optimizer state as a broadcast and receives each worker's slice of them at its end; per step it
 * only answers where blocks are, and while the stage runs it reads the progress worker 0
 * publishes as a block. When a task fails (an executor lost) Spark fails the stage, and the
 * driver removes the blocks of the failed attempt and runs the epoch again from its start, on the
 * executors the cluster has then; the listener hears once which worker failed and why.
 */
public final class SparkTraining implements DataParallel, AutoCloseable {
    /** How often an epoch is started before the run gives up: as Spark's spark.stage.maxConsecutiveAttempts. */
    static final int EPOCH_ATTEMPTS = 4;
    private static final ClassTag<WorkerTask.Result> RESULT = ClassTag$.MODULE$.apply(WorkerTask.Result.class);
    /** How often the driver looks for worker 0's progress while an epoch runs (BlockExchange.PROGRESS_NANOS: how often it publishes). */
    private static final long PROGRESS_POLL_MILLIS = 200;

    private final JavaSparkContext spark;
    private Replicas.Job job;
    private final int workers;
    private final TrainingListener listener;
    private final FailedTasks failures;

    private SparkTraining(JavaSparkContext spark, Replicas.Job job, int workers, TrainingListener listener, FailedTasks failures) {
        this.listener = listener;
        this.failures = failures;
        this.spark = spark;
        this.job = job;
        this.workers = workers;
    }

    /**
     * Connects to {@code master} ({@code local[N]}, {@code spark://host:port}, {@code yarn},
     * {@code k8s://…}) and prepares a run of {@code source}'s model ({@code model}: null for the
     * only one) on {@code workers} workers, which read {@code source} and the data (its train
     * block's, or {@code data}) themselves: the paths must be readable where the executors run.
     * Task failures and reruns are told to {@code listener}.
     *
     * @param conf settings for the Spark application (spark.* keys), besides the master
     * @param threads math threads per worker, or null for the executor's default
     */
    public static SparkTraining start(String master, int workers, Path source, String model, String data, Integer threads,
                                      SparkConf conf, TrainingListener listener) throws NnlException {
        if (workers < 1) {
            throw new NnlException("--workers must be at least 1, found " + workers, false);
        }
        SparkConf c = conf.clone().setMaster(master).setIfMissing("spark.app.name", "nnlc train " + source.getFileName());
        MasterCheck.requireReachable(master);
        JavaSparkContext sc;
        try {
            sc = new JavaSparkContext(c);
        } catch (Exception e) {
            // SparkException too, which Scala throws undeclared (a bad master URL, say).
            throw new NnlException("cannot start Spark on " + master + ": " + firstLine(e.getMessage()), false);
        }
        sc.setLogLevel("ERROR");
        FailedTasks failures = new FailedTasks();
        sc.sc().addSparkListener(failures);
        String run = UUID.randomUUID().toString().substring(0, 8);
        String abs = source.toAbsolutePath().toString();
        String dataPath = data == null || HadoopData.isUri(data) ? data : Path.of(data).toAbsolutePath().toString();
        return new SparkTraining(sc, new Replicas.Job(run, abs, model, dataPath, threads, null), workers, listener, failures);
    }

    @Override
    public int workers() {
        return workers;
    }

    /** One task reads the data, as every worker will, and says what it found (or why it could not). */
    @Override
    public DataInfo open(Preprocessing known) throws NnlException {
        job = job.withKnown(known);
        Replicas.Job j = job;
        Found<DataInfo> found = spark.parallelize(List.of(0), 1).map(w -> {
            setThreads(j);
            try {
                return new Found<>(Replicas.data(j).replica().info(), null);
            } catch (NnlException e) {
                return new Found<DataInfo>(null, onExecutor(e.getMessage()));
            }
        }).collect().get(0);
        return found.value();
    }

    /** Each worker evaluates its share of the rows on an executor; the scores are added here. */
    @Override
    public Scores evaluate(float[] weights, Part part) throws NnlException {
        Broadcast<float[]> w = spark.broadcast(weights);
        Replicas.Job j = job;
        int n = workers;
        try {
            List<Scores> parts = new ArrayList<>();
            for (Found<Scores> f : spark.parallelize(IntStream.range(0, n).boxed().toList(), n).map(k -> {
                setThreads(j);
                try {
                    return new Found<>(Replicas.replica(j, k).evaluate(w.value(), part, k, n), null);
                } catch (NnlException e) {
                    return new Found<Scores>(null, onExecutor(e.getMessage()));
                }
            }).collect()) {
                parts.add(f.value());
            }
            return Scores.sum(parts);
        } finally {
            w.destroy();
        }
    }

    /** A task's answer, or the error it met there (a value, so Spark does not retry what fails alike every time). */
    private record Found<T>(T result, String error) implements java.io.Serializable {
        T value() throws NnlException {
            if (error != null) {
                throw new NnlException(error, false);
            }
            return result;
        }
    }

    static void setThreads(Replicas.Job job) {
        if (job.threads() != null) {
            dev.nnl.runtime.Nnl.setThreads(job.threads());
        }
    }

    /** An executor's error, saying where it happened (the driver itself, in local mode, is no executor). */
    static String onExecutor(String message) {
        String id = SparkEnv.get() == null ? "driver" : SparkEnv.get().executorId();
        return (id.equals("driver") ? "" : "on executor " + id + ": ") + message;
    }

    @Override
    public EpochEnd epoch(EpochStart start, Consumer<Progress> progress) throws Exception {
        Broadcast<EpochStart> b = spark.broadcast(start);
        List<String> failed = new ArrayList<>();
        try {
            for (int attempt = 1; ; attempt++) {
                String name = BlockExchange.attempt(job.run(), start.epoch(), attempt);
                failures.forget();
                try {
                    return run(b, name, start, progress);
                } catch (SparkException e) {
                    // Spark does not rerun a failed barrier stage that produces a job's result
                    // ("Could not recover from a failed barrier ResultStage"), so the driver does:
                    // the same epoch from the same broadcast start, on the executors alive now.
                    failed.add(name);
                    BlockExchange.removeAttempt(name);
                    String why = failures.why(firstLine(e.getMessage()));
                    if (attempt == EPOCH_ATTEMPTS) {
                        throw new NnlException("epoch " + (start.epoch() + 1) + " failed on the cluster " + EPOCH_ATTEMPTS + " times; the last time: "
                                + why, false);
                    }
                    listener.onMessage("warning: epoch " + (start.epoch() + 1) + " failed on the cluster: " + why + "; running the epoch again from its "
                            + "start (attempt " + (attempt + 1) + " of " + EPOCH_ATTEMPTS + ")");
                }
            }
        } finally {
            b.destroy();
            // Again: a failed attempt's task that Spark had flagged killed may have put a block
            // after the first removal, on its way out.
            failed.forEach(BlockExchange::removeAttempt);
        }
    }

    /**
     * One attempt at an epoch: its barrier stage, while which the driver reads worker 0's
     * progress every {@link #PROGRESS_POLL_MILLIS} and tells it to {@code progress} (on this
     * thread, as listeners expect).
     *
     * @throws SparkException when the stage failed (a task or its executor)
     */
    private EpochEnd run(Broadcast<EpochStart> b, String attempt, EpochStart start, Consumer<Progress> progress) throws Exception {
        List<Integer> ids = IntStream.range(0, workers).boxed().toList();
        JavaFutureAction<List<WorkerTask.Result>> stage = spark.parallelize(ids, workers).rdd().barrier()
                .mapPartitions(new WorkerTask(job, attempt, b, workers), false, RESULT).toJavaRDD().collectAsync();
        List<WorkerTask.Result> results;
        int told = -1;
        while (true) {
            try {
                results = new ArrayList<>(stage.get(PROGRESS_POLL_MILLIS, TimeUnit.MILLISECONDS));
                break;
            } catch (TimeoutException e) {
                Progress p = BlockExchange.progress(attempt);
                if (p != null && p.step() > told) {
                    told = p.step();
                    progress.accept(p);
                }
            } catch (ExecutionException e) {
                throw e.getCause() instanceof Exception cause ? cause : e;
            } catch (InterruptedException e) {
                stage.cancel(true);
                throw e;
            }
        }
        List<WorkerEnd> ends = new ArrayList<>();
        results.forEach(r -> BlockExchange.removeAll(r.leftovers()));
        for (WorkerTask.Result r : results) {
            if (r.error() != null) {
                throw new NnlException(r.error(), false);
            }
            ends.add(r.end());
        }
        return DataParallel.join(ends, start.weights().length);
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }

    /** Stops the Spark application. */
    @Override
    public void close() {
        Replicas.forget(job.run());
        spark.stop();
    }

    /**
     * What failed while an epoch ran, as Spark's listener bus reports it, so that the warning
     * about a failed epoch says once which worker failed and why, rather than Spark's "failed
     * barrier ResultStage". A lost executor is the cause worth telling: its peers' tasks fail
     * too, waiting for its blocks, and may be reported before it.
     */
    private static final class FailedTasks extends SparkListener {
        private final Map<String, Integer> workerOn = new HashMap<>();
        private final Map<String, String> lost = new LinkedHashMap<>();
        private final List<String> failed = new ArrayList<>();

        @Override
        public synchronized void onTaskStart(SparkListenerTaskStart start) {
            workerOn.put(start.taskInfo().executorId(), start.taskInfo().index());
        }

        @Override
        public synchronized void onTaskEnd(SparkListenerTaskEnd end) {
            String executor = end.taskInfo().executorId();
            if (end.reason() instanceof ExecutorLostFailure loss) {
                lost.putIfAbsent(executor, "worker " + end.taskInfo().index() + " lost its executor " + executor
                        + (loss.reason().isDefined() ? " (" + loss.reason().get() + ")" : ""));
            } else if (end.reason() instanceof TaskFailedReason reason && reason.countTowardsTaskFailures()) {
                // A peer's task killed because the stage failed does not count: it is not the cause.
                failed.add("worker " + end.taskInfo().index() + " failed on executor " + executor + ": " + firstLine(reason.toErrorString()));
            }
        }

        @Override
        public synchronized void onExecutorRemoved(SparkListenerExecutorRemoved removed) {
            Integer worker = workerOn.get(removed.executorId());
            lost.putIfAbsent(removed.executorId(), (worker != null ? "worker " + worker + " lost its executor " : "executor ")
                    + removed.executorId() + " (" + removed.reason() + ")");
        }

        /** Forgets what failed before (a late report of an earlier attempt's task). */
        synchronized void forget() {
            workerOn.clear();
            lost.clear();
            failed.clear();
        }

        /**
         * The lost executors, else the failed tasks, reported since {@link #forget}, or
         * {@code otherwise} when none was within 10 s. The bus delivers events on its own thread,
         * after the job's failure; a task's error may be followed by the loss of the executor it
         * comes from, so that is awaited 3 s more.
         */
        String why(String otherwise) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (true) {
                synchronized (this) {
                    if (!lost.isEmpty()) {
                        return String.join("; ", lost.values());
                    }
                    if (!failed.isEmpty()) {
                        deadline = Math.min(deadline, System.nanoTime() + TimeUnit.SECONDS.toNanos(3));
                    }
                    if (System.nanoTime() > deadline) {
                        return failed.isEmpty() ? otherwise : String.join("; ", failed);
                    }
                }
                Thread.sleep(50);
            }
        }
    }
}
