package dev.nnl.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnl.runtime.CompiledModel;
import dev.nnl.runtime.FitOptions;
import dev.nnl.runtime.FitResult;
import dev.nnl.runtime.Nnl;
import dev.nnl.runtime.train.TrainingListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.SparkEnv;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import org.apache.spark.storage.BlockId;
import org.apache.spark.storage.BlockManagerMaster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Training on Spark in local mode: the same weights as one process, and the run's artifact. */
class SparkTrainingTest {
    static final Path REPO = Path.of(System.getProperty("nnl.repo", "..")).toAbsolutePath().normalize();

    /** Spark bound to the loopback interface only, without its web UI or console progress bars. */
    static SparkConf loopback() {
        return new SparkConf().set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1")
                .set("spark.ui.enabled", "false").set("spark.ui.showConsoleProgress", "false");
    }

    static Path iris(Path dir) throws Exception {
        return iris(dir, "Adam(learning_rate=0.01)", 16, 3);
    }

    /** The Iris model of the tests, with 120 training samples. */
    static Path iris(Path dir, String optimizer, int batch, int epochs) throws Exception {
        String src = "model Iris {\n input x: (4)\n Dense(16, activation=relu)\n Dense(3, activation=softmax)\n}\n"
                + "train Iris {\n data = csv(\"" + REPO.resolve("samples/data/iris.csv") + "\", label=\"species\", header=true, standardize=true)\n"
                + " loss = sparse_categorical_crossentropy\n optimizer = " + optimizer + "\n metrics = [accuracy]\n epochs = " + epochs + "\n"
                + " batch_size = " + batch + "\n validation_split = 0.2\n seed = 7\n}\n";
        Path file = dir.resolve("iris.nnl");
        Files.writeString(file, src);
        return file;
    }

    /**
     * Two workers in local[2], 24 steps of Adam with the state sharded in halves: the weights
     * equal a single-process run's within 1e-5 (the batch gradient is summed as two weighted
     * halves instead of one mean, so float32 rounding differs), the per-epoch accuracy exactly
     * (the same samples are counted), and the artifact is written after every epoch.
     */
    @Test
    void twoWorkersTrainAsOneProcess(@TempDir Path dir) throws Exception {
        Path file = iris(dir);
        FitOptions options = FitOptions.defaults().withThreads(1);
        CompiledModel m = Nnl.compile(file);
        FitResult local = m.fit(options.withOutput(dir.resolve("local.nnlz")), new TrainingListener() { });
        List<String> messages = new ArrayList<>();
        List<Integer> epochsSaved = new ArrayList<>();
        Path out = dir.resolve("spark.nnlz");
        TrainingListener listener = new TrainingListener() {
            @Override
            public void onMessage(String message) {
                messages.add(message);
            }

            @Override
            public void onEpochEnd(int epoch, Map<String, Double> logs) {
                epochsSaved.add(Files.exists(out) ? epoch : -1);
            }
        };
        FitResult spark;
        try (SparkTraining t = SparkTraining.start("local[2]", 2, file, null, null, 1, loopback(), listener)) {
            spark = m.fit(options.withOutput(out), listener, new AtomicBoolean(), t);
        }
        assertEquals(List.of(0, 1, 2), epochsSaved, "the artifact is written before each epoch's end is reported");
        assertTrue(messages.stream().noneMatch(s -> s.contains("failed")), messages.toString());
        float[] a = weights(dir.resolve("local.nnlz"));
        float[] b = weights(out);
        double worst = 0;
        for (int i = 0; i < a.length; i++) {
            worst = Math.max(worst, Math.abs(a[i] - b[i]));
        }
        assertTrue(worst <= 1e-5, "largest weight difference " + worst);
        for (int e = 0; e < 3; e++) {
            assertEquals(local.history().get(e).get("accuracy"), spark.history().get(e).get("accuracy"), 1e-12);
            assertEquals(local.history().get(e).get("val_loss"), spark.history().get(e).get("val_loss"), 1e-4);
        }
    }

    /**
     * clipnorm and global_clipnorm on two workers, whose slices cut the first kernel in two: the
     * workers add up their sums of squares through the block manager each step. The limits clip
     * (the weights end far from an unclipped run's), and the weights equal a single process's
     * within 1e-5.
     */
    @ParameterizedTest
    @ValueSource(strings = {"clipnorm=0.05", "global_clipnorm=0.1"})
    void normClippingTrainsAsOneProcess(String clip, @TempDir Path dir) throws Exception {
        FitOptions options = FitOptions.defaults().withThreads(1);
        Path unclipped = iris(Files.createDirectory(dir.resolve("unclipped")), "SGD(learning_rate=0.1, momentum=0.9)", 16, 3);
        Nnl.compile(unclipped).fit(options.withOutput(dir.resolve("unclipped.nnlz")), new TrainingListener() { });
        Path file = iris(dir, "SGD(learning_rate=0.1, momentum=0.9, " + clip + ")", 16, 3);
        CompiledModel m = Nnl.compile(file);
        m.fit(options.withOutput(dir.resolve("local.nnlz")), new TrainingListener() { });
        try (SparkTraining t = SparkTraining.start("local[2]", 2, file, null, null, 1, loopback(), new TrainingListener() { })) {
            m.fit(options.withOutput(dir.resolve("spark.nnlz")), new TrainingListener() { }, new AtomicBoolean(), t);
        }
        double worst = largestDifference(weights(dir.resolve("local.nnlz")), weights(dir.resolve("spark.nnlz")));
        assertTrue(worst <= 1e-5, "largest weight difference " + worst);
        double moved = largestDifference(weights(dir.resolve("unclipped.nnlz")), weights(dir.resolve("local.nnlz")));
        assertTrue(moved > 0.1, "clipping changed the weights by at most " + moved);
    }

    /**
     * The driver hears an epoch's steps while its stage runs (worker 0 publishes them through the
     * block manager), not only at its end: with batches of 2 (60 steps an epoch, each with two
     * exchanges) the stage outlasts the driver's 200 ms between looks. What it hears is the
     * running loss and accuracy a single process reports after the same step.
     */
    @Test
    void theDriverHearsStepsWhileAnEpochRuns(@TempDir Path dir) throws Exception {
        Path file = iris(dir, "Adam(learning_rate=0.01)", 2, 2);
        FitOptions options = FitOptions.defaults().withThreads(1);
        CompiledModel m = Nnl.compile(file);
        Map<String, Map<String, Double>> local = new java.util.HashMap<>();
        m.fit(options, new TrainingListener() {
            @Override
            public void onBatchEnd(int epoch, int step, Map<String, Double> logs) {
                local.put(epoch + "/" + step, logs);
            }
        });
        List<int[]> heard = new ArrayList<>();
        Map<String, Map<String, Double>> spark = new java.util.HashMap<>();
        TrainingListener listener = new TrainingListener() {
            @Override
            public void onBatchEnd(int epoch, int step, Map<String, Double> logs) {
                heard.add(new int[] {epoch, step});
                spark.put(epoch + "/" + step, logs);
            }
        };
        try (SparkTraining t = SparkTraining.start("local[2]", 2, file, null, null, 1, loopback(), listener)) {
            m.fit(options, listener, new AtomicBoolean(), t);
        }
        List<int[]> during = heard.stream().filter(h -> h[1] < 59).toList();
        assertTrue(!during.isEmpty(), "only the epochs' last steps were heard");
        for (int i = 1; i < heard.size(); i++) {
            int[] a = heard.get(i - 1);
            int[] b = heard.get(i);
            assertTrue(b[0] > a[0] && a[1] == 59 || b[0] == a[0] && b[1] > a[1], "steps in order, the last of each epoch told");
        }
        for (int[] h : during) {
            Map<String, Double> l = local.get(h[0] + "/" + h[1]);
            Map<String, Double> p = spark.get(h[0] + "/" + h[1]);
            assertEquals(l.get("loss"), p.get("loss"), 1e-4, "running loss after step " + h[1]);
            assertEquals(l.get("accuracy"), p.get("accuracy"), 1e-12, "running accuracy after step " + h[1]);
        }
    }

    /**
     * A worker's task killed in the middle of epoch 2 (as Spark's UI or an application may kill
     * one) fails the barrier stage; the driver runs the epoch again, removes every block the
     * failed attempt's tasks put into the block manager, and the run ends with the weights of
     * an uninterrupted one and no block of its left on any executor.
     */
    @Test
    void aFailedAttemptLeavesNoBlocks(@TempDir Path dir) throws Exception {
        Path file = iris(dir, "Adam(learning_rate=0.01)", 2, 2);
        FitOptions options = FitOptions.defaults().withThreads(1);
        CompiledModel m = Nnl.compile(file);
        m.fit(options.withOutput(dir.resolve("local.nnlz")), new TrainingListener() { });
        List<String> messages = new java.util.concurrent.CopyOnWriteArrayList<>();
        TrainingListener listener = new TrainingListener() {
            @Override
            public void onMessage(String message) {
                messages.add(message);
            }
        };
        try (SparkTraining t = SparkTraining.start("local[2]", 2, file, null, null, 1, loopback(), listener)) {
            SparkContext sc = SparkContext.getOrCreate();
            java.util.concurrent.ConcurrentSkipListMap<Integer, Long> workerOne = new java.util.concurrent.ConcurrentSkipListMap<>();
            sc.addSparkListener(new SparkListener() {
                @Override
                public void onTaskStart(SparkListenerTaskStart start) {
                    if (start.taskInfo().index() == 1) {
                        workerOne.put(start.stageId(), start.taskInfo().taskId());
                    }
                }
            });
            Thread killer = new Thread(() -> {
                // Once the second epoch's first attempt exchanges gradients, kill worker 1's task of the latest stage: that attempt's.
                while (!Thread.currentThread().isInterrupted()) {
                    if (blocks(sc, "-e1-t1-").stream().anyMatch(n -> n.contains("-g"))) {
                        sc.killTaskAttempt(workerOne.lastEntry().getValue(), true, "killed by the test");
                        return;
                    }
                    try {
                        Thread.sleep(1);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            killer.start();
            try {
                m.fit(options.withOutput(dir.resolve("spark.nnlz")), listener, new AtomicBoolean(), t);
            } finally {
                killer.interrupt();
                killer.join();
            }
            assertTrue(messages.stream().anyMatch(s -> s.startsWith("warning: epoch 2 failed on the cluster") && s.contains("attempt 2 of 4")),
                    messages.toString());
            // Removal reaches the executors asynchronously: allow it a moment.
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!blocks(sc, "").isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertEquals(List.of(), blocks(sc, ""), "blocks left in the block manager");
        }
        double worst = largestDifference(weights(dir.resolve("local.nnlz")), weights(dir.resolve("spark.nnlz")));
        assertTrue(worst <= 1e-5, "largest weight difference " + worst);
    }

    /** The names of this application's nnl blocks that contain {@code part}, asking every block manager. */
    static List<String> blocks(SparkContext sc, String part) {
        BlockManagerMaster master = SparkEnv.get().blockManager().master();
        List<String> names = new ArrayList<>();
        for (BlockId id : scala.jdk.javaapi.CollectionConverters.asJava(master.getMatchingBlockIds(
                id -> id.name().startsWith("test_nnl-") && id.name().contains(part), true))) {
            names.add(id.name());
        }
        return names;
    }

    static double largestDifference(float[] a, float[] b) {
        double worst = 0;
        for (int i = 0; i < a.length; i++) {
            worst = Math.max(worst, Math.abs(a[i] - b[i]));
        }
        return worst;
    }

    /** A master Spark cannot use is one line of error, with Spark's reason, not its exception. */
    @Test
    void aBadMasterIsAnInputError(@TempDir Path dir) throws Exception {
        Path file = iris(dir);
        dev.nnl.runtime.NnlException e = org.junit.jupiter.api.Assertions.assertThrows(dev.nnl.runtime.NnlException.class,
                () -> SparkTraining.start("foo://x", 1, file, null, null, 1, loopback(), new TrainingListener() { }));
        assertEquals("cannot start Spark on foo://x: Could not parse Master URL: 'foo://x'", e.getMessage());
    }

    static Path fashion(Path dir) throws Exception {
        Path file = dir.resolve("fashion.nnl");
        Files.writeString(file, "model F {\n input image: (28, 28)\n Flatten()\n Dense(10, activation=softmax)\n}\n"
                + "train F {\n data = idx(\"data/none\", scale=1/255)\n loss = sparse_categorical_crossentropy\n optimizer = Adam()\n"
                + " metrics = [accuracy]\n epochs = 1\n batch_size = 256\n validation_split = 0.1\n seed = 3\n}\n");
        return file;
    }

    /**
     * --data as a Hadoop file-system URI (file: here; hdfs:// and s3a:// take the same path): the
     * executors copy the IDX directory and read it, its test split included, and the run equals
     * one process reading the directory itself; the driver reads no sample.
     */
    @Test
    void dataFromAHadoopUri(@TempDir Path dir) throws Exception {
        Path file = fashion(dir);
        Path data = REPO.resolve("samples/data/fashion-mnist");
        CompiledModel m = Nnl.compile(file);
        FitOptions options = FitOptions.defaults().withThreads(1);
        FitResult local = m.fit(options.withData(data.toString()).withOutput(dir.resolve("local.nnlz")), new TrainingListener() { });
        String uri = data.toUri().toString();
        FitResult spark;
        try (SparkTraining t = SparkTraining.start("local[2]", 2, file, null, uri, 1, loopback(), new TrainingListener() { })) {
            spark = m.fit(options.withData(uri).withOutput(dir.resolve("spark.nnlz")), new TrainingListener() { }, new AtomicBoolean(), t);
        }
        assertEquals(9000, spark.trainSamples());
        assertEquals(local.history().get(0).get("val_accuracy"), spark.history().get(0).get("val_accuracy"), 1e-3);
        assertEquals(local.test().get("accuracy"), spark.test().get("accuracy"), 1e-3);
        assertTrue(spark.test().get("accuracy") > 0.5, spark.test().toString());
        float[] a = weights(dir.resolve("local.nnlz"));
        float[] b = weights(dir.resolve("spark.nnlz"));
        for (int i = 0; i < a.length; i++) {
            assertEquals(a[i], b[i], 1e-5);
        }
    }

    /** Data the executors cannot read is one error, as they met it, before any step; no artifact is left. */
    @Test
    void dataTheExecutorsCannotReadIsOneError(@TempDir Path dir) throws Exception {
        Path file = fashion(dir);
        String missing = dir.resolve("nowhere").toUri().toString();
        dev.nnl.runtime.NnlException e;
        try (SparkTraining t = SparkTraining.start("local[2]", 2, file, null, missing, 1, loopback(), new TrainingListener() { })) {
            e = org.junit.jupiter.api.Assertions.assertThrows(dev.nnl.runtime.NnlException.class,
                    () -> Nnl.compile(file).fit(FitOptions.defaults().withData(missing).withOutput(dir.resolve("x.nnlz")),
                            new TrainingListener() { }, new AtomicBoolean(), t));
        }
        assertEquals("cannot read " + missing + ": no such file or directory", e.getMessage());
        assertTrue(!Files.exists(dir.resolve("x.nnlz")));
    }

    /** A standalone master that does not answer is said at once, not after Spark's minute of retries. */
    @Test
    void anUnreachableMasterIsSaidAtOnce(@TempDir Path dir) throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path file = iris(dir);
        long t0 = System.nanoTime();
        String master = "spark://127.0.0.1:" + port;
        dev.nnl.runtime.NnlException e = org.junit.jupiter.api.Assertions.assertThrows(dev.nnl.runtime.NnlException.class,
                () -> SparkTraining.start(master, 2, file, null, null, 1, loopback(), new TrainingListener() { }));
        assertTrue(e.getMessage().startsWith("cannot reach the Spark master at 127.0.0.1:" + port + " (Connection refused)"), e.getMessage());
        assertTrue(System.nanoTime() - t0 < 20_000_000_000L, "said within seconds");
    }

    /** The flat weights of an artifact (the test reads the format directly; the API has no such accessor). */
    static float[] weights(Path artifact) throws Exception {
        return dev.nnl.runtime.artifact.Artifact.load(artifact).weights;
    }
}
