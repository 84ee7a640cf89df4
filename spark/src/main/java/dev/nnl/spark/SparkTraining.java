package dev.nnl.spark;

import dev.nnl.runtime.DataParallel;
import dev.nnl.runtime.NnlException;
import dev.nnl.runtime.train.TrainingListener;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.spark.ExecutorLostFailure;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkException;
import org.apache.spark.TaskFailedReason;
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
 * only answers where blocks are. When a task fails (an executor lost) Spark fails the stage, and
 * the driver runs the epoch again from its start, on the executors the cluster has then; the
 * listener hears once which worker failed and why.
 */
public final class SparkTraining implements DataParallel, AutoCloseable {
    /** How often an epoch is started before the run gives up: as Spark's spark.stage.maxConsecutiveAttempts. */
    static final int EPOCH_ATTEMPTS = 4;
    private static final ClassTag<WorkerTask.Result> RESULT = ClassTag$.MODULE$.apply(WorkerTask.Result.class);

    private final JavaSparkContext spark;
    private final WorkerTask.Job job;
    private final int workers;
    private final TrainingListener listener;
    private final FailedTasks failures;

    private SparkTraining(JavaSparkContext spark, WorkerTask.Job job, int workers, TrainingListener listener, FailedTasks failures) {
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
        String dataPath = data == null ? null : Path.of(data).toAbsolutePath().toString();
        return new SparkTraining(sc, new WorkerTask.Job(run, abs, model, dataPath, threads), workers, listener, failures);
    }

    @Override
    public EpochEnd epoch(EpochStart start) throws Exception {
        Broadcast<EpochStart> b = spark.broadcast(start);
        try {
            for (int attempt = 1; ; attempt++) {
                failures.forget();
                try {
                    return run(b, start);
                } catch (Exception e) {
                    // Thrown undeclared by Scala's collect: Java cannot name it in a catch.
                    if (!(e instanceof SparkException)) {
                        throw e;
                    }
                    // Spark does not rerun a failed barrier stage that produces a job's result
                    // ("Could not recover from a failed barrier ResultStage"), so the driver does:
                    // the same epoch from the same broadcast start, on the executors alive now.
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
        }
    }

    private EpochEnd run(Broadcast<EpochStart> b, EpochStart start) throws NnlException {
        List<Integer> ids = IntStream.range(0, workers).boxed().toList();
        List<WorkerTask.Result> results = new ArrayList<>(spark.parallelize(ids, workers).rdd().barrier()
                .mapPartitions(new WorkerTask(job, b, workers), false, RESULT).toJavaRDD().collect());
        List<WorkerEnd> ends = new ArrayList<>();
        results.forEach(r -> BlockExchange.removeAll(r.leftovers()));
        for (WorkerTask.Result r : results) {
            if (r.error() != null) {
                throw new NnlException("on an executor: " + r.error(), false);
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
        WorkerTask.forget(job.run());
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
