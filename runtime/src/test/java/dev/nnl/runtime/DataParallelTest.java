package dev.nnl.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnl.runtime.artifact.Artifact;
import dev.nnl.runtime.train.TrainingListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The data-parallel seam without Spark: workers as threads of this process, exchanging through
 * shared arrays, must train to the weights of a single-process run with the same global batch
 * and seed. The Spark module's test runs the same protocol through Spark.
 */
class DataParallelTest {
    /** A BatchNormalization-free model (its moving statistics are averaged, not equal) on the iris rows. */
    static Path iris(Path dir, String optimizer, int batch) throws Exception {
        String src = "model Iris {\n input x: (4)\n Dense(16, activation=relu)\n Dense(3, activation=softmax)\n}\n"
                + "train Iris {\n data = csv(\"" + TrainingTest.REPO.resolve("samples/data/iris.csv") + "\", label=\"species\", header=true, standardize=true)\n"
                + " loss = sparse_categorical_crossentropy\n optimizer = " + optimizer + "\n metrics = [accuracy]\n epochs = 3\n"
                + " batch_size = " + batch + "\n validation_split = 0.2\n seed = 7\n}\n";
        Path file = dir.resolve("iris.nnl");
        Files.writeString(file, src);
        return file;
    }

    /** Workers as threads; the exchange is a mailbox per (sender, receiver) behind a barrier. */
    static class Threads implements DataParallel {
        private final List<Replica> replicas;

        Threads(List<Replica> replicas) {
            this.replicas = replicas;
        }

        @Override
        public int workers() {
            return replicas.size();
        }

        @Override
        public DataInfo open(dev.nnl.runtime.data.Preprocessing known) {
            return replicas.get(0).info();
        }

        @Override
        public Scores evaluate(float[] weights, Part part) {
            List<Scores> parts = new ArrayList<>();
            for (int k = 0; k < replicas.size(); k++) {
                parts.add(replicas.get(k).evaluate(weights, part, k, replicas.size()));
            }
            return Scores.sum(parts);
        }

        @Override
        public EpochEnd epoch(EpochStart start, java.util.function.Consumer<Progress> progress) throws Exception {
            int n = replicas.size();
            float[][][] box = new float[n][n][];
            double[][] sums = new double[n][];
            CyclicBarrier barrier = new CyclicBarrier(n);
            ExecutorService pool = Executors.newFixedThreadPool(n);
            try {
                List<Future<WorkerEnd>> ends = new ArrayList<>();
                for (int k = 0; k < n; k++) {
                    int me = k;
                    Exchange ex = new Exchange() {
                        @Override
                        public float[][] reduceScatter(int step, float[][] slices) throws Exception {
                            for (int j = 0; j < n; j++) {
                                box[me][j] = slices[j];
                            }
                            barrier.await();
                            float[][] mine = new float[n][];
                            for (int j = 0; j < n; j++) {
                                mine[j] = box[j][me];
                            }
                            barrier.await();
                            return mine;
                        }

                        @Override
                        public float[][] allGather(int step, float[] slice) throws Exception {
                            box[me][0] = slice;
                            barrier.await();
                            float[][] all = new float[n][];
                            for (int j = 0; j < n; j++) {
                                all[j] = box[j][0];
                            }
                            barrier.await();
                            return all;
                        }

                        @Override
                        public double[] sum(int step, double[] values) throws Exception {
                            sums[me] = values;
                            barrier.await();
                            double[] total = new double[values.length];
                            for (int j = 0; j < n; j++) {
                                for (int i = 0; i < total.length; i++) {
                                    total[i] += sums[j][i];
                                }
                            }
                            barrier.await();
                            return total;
                        }
                    };
                    ends.add(pool.submit(() -> replicas.get(me).trainEpoch(start, me, n, ex)));
                }
                List<WorkerEnd> out = new ArrayList<>();
                for (Future<WorkerEnd> f : ends) {
                    out.add(f.get());
                }
                return DataParallel.join(out, replicas.get(0).parameters());
            } finally {
                pool.shutdownNow();
            }
        }
    }

    /** Trains, writing the artifact to {@code file} with {@code suffix} in place of .nnl. */
    static FitResult fit(Path file, DataParallel parallel, String suffix) throws Exception {
        FitOptions options = FitOptions.defaults().withThreads(1).withOutput(output(file, suffix));
        CompiledModel m = Nnl.compile(file);
        return parallel == null ? m.fit(options, new TrainingListener() { })
                : m.fit(options, new TrainingListener() { }, new AtomicBoolean(), parallel);
    }

    static Path output(Path file, String suffix) {
        return file.resolveSibling(file.getFileName().toString().replace(".nnl", suffix));
    }

    static List<Replica> replicas(Path file, int n) throws Exception {
        List<Replica> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(Replica.open(file, null, null, null));
        }
        return out;
    }

    /**
     * Three workers on batches of 16 (rows 5, 5, 6) and a last batch of 8 rows, with Adam's state
     * sharded in three slices: the weights after 3 epochs (24 steps) equal the single process's
     * within 1e-5. They are not bit-equal because the batch gradient is summed in another order
     * (three partial sums, each scaled by its share, instead of one mean).
     */
    @Test
    void threeWorkersTrainAsOneProcess(@TempDir Path dir) throws Exception {
        Path file = iris(dir, "Adam(learning_rate=0.01)", 16);
        trainsAsOneProcess(file, 3);
    }

    /**
     * More workers than the last batch's rows (120 training rows in batches of 7 leave 1): two
     * workers compute nothing for that step, and the result is the same.
     */
    @Test
    void workersWithoutRowsContributeNothing(@TempDir Path dir) throws Exception {
        Path file = iris(dir, "SGD(learning_rate=0.1, momentum=0.9)", 7);
        trainsAsOneProcess(file, 3);
    }

    /** More workers than the batch size: some would never have a row; refused before any step, saying how many fit. */
    @Test
    void moreWorkersThanTheBatchIsRefused(@TempDir Path dir) throws Exception {
        Path file = iris(dir, "SGD(learning_rate=0.1)", 2);
        NnlException e = org.junit.jupiter.api.Assertions.assertThrows(NnlException.class,
                () -> fit(file, new Threads(replicas(file, 3)), ".nnlz"));
        assertEquals("3 workers are more than the batch size, 2: every worker needs a sample of each batch; use --workers 2 or fewer",
                e.getMessage());
        assertTrue(!Files.exists(output(file, ".nnlz")), "no artifact for a run that never started");
    }

    /**
     * The validation part (validation_split) and the IDX directory's test split are read and
     * evaluated by the workers, each a share of the rows: the scores are the single process's.
     */
    @Test
    void heldOutScoresComeFromTheWorkers(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("fashion.nnl");
        Files.writeString(file, "model F {\n input image: (28, 28)\n Flatten()\n Dense(10, activation=softmax)\n}\n"
                + "train F {\n data = idx(\"" + TrainingTest.REPO.resolve("samples/data/fashion-mnist") + "\", scale=1/255)\n"
                + " loss = sparse_categorical_crossentropy\n optimizer = Adam()\n metrics = [accuracy]\n epochs = 1\n"
                + " batch_size = 256\n validation_split = 0.1\n seed = 3\n}\n");
        FitResult local = fit(file, null, "-local.nnlz");
        FitResult parallel = fit(file, new Threads(replicas(file, 2)), "-parallel.nnlz");
        assertEquals(local.trainSamples(), parallel.trainSamples());
        assertEquals(local.validationSamples(), parallel.validationSamples());
        assertEquals(local.history().get(0).get("val_accuracy"), parallel.history().get(0).get("val_accuracy"), 1e-3);
        assertEquals(local.history().get(0).get("val_loss"), parallel.history().get(0).get("val_loss"), 1e-4);
        assertEquals(local.test().keySet(), parallel.test().keySet());
        assertEquals(local.test().get("accuracy"), parallel.test().get("accuracy"), 1e-3, "the test split, scored by the workers");
        assertEquals(local.test().get("loss"), parallel.test().get("loss"), 1e-4);
        assertTrue(local.test().get("accuracy") > 0.5, "a real test split was scored: " + local.test());
    }

    /**
     * clipnorm and global_clipnorm take norms over whole weights, which the three slices of the
     * 131 parameters cut across (slice 1 holds the end of the first kernel, its bias and most of
     * the second kernel): the workers add up their sums of squares between the two halves of
     * each step. The limits are low enough to clip (the weights end far from an unclipped
     * run's), and the weights equal a single process's within 1e-5.
     */
    @ParameterizedTest
    @ValueSource(strings = {"clipnorm=0.05", "global_clipnorm=0.1"})
    void normClippingTrainsAsOneProcess(String clip, @TempDir Path dir) throws Exception {
        Path unclipped = iris(Files.createDirectory(dir.resolve("unclipped")), "SGD(learning_rate=0.1, momentum=0.9)", 16);
        Path file = iris(dir, "SGD(learning_rate=0.1, momentum=0.9, " + clip + ")", 16);
        fit(unclipped, null, "-local.nnlz");
        trainsAsOneProcess(file, 3);
        double moved = largestDifference(output(unclipped, "-local.nnlz"), output(file, "-local.nnlz"));
        assertTrue(moved > 0.1, "clipping changed the weights by at most " + moved);
    }

    static double largestDifference(Path a, Path b) throws Exception {
        float[] x = Artifact.load(a).weights;
        float[] y = Artifact.load(b).weights;
        double worst = 0;
        for (int i = 0; i < x.length; i++) {
            worst = Math.max(worst, Math.abs(x[i] - y[i]));
        }
        return worst;
    }

    /** The workers' error reaches the caller as it was thrown, not as a failure to write the artifact. */
    @Test
    void aWorkersErrorIsTheRunsError(@TempDir Path dir) throws Exception {
        Path file = iris(dir, "SGD(learning_rate=0.1)", 16);
        DataParallel failing = new Threads(replicas(file, 2)) {
            @Override
            public EpochEnd epoch(EpochStart start, java.util.function.Consumer<Progress> progress) throws NnlException {
                throw new NnlException("on an executor: no such file", false);
            }
        };
        NnlException e = org.junit.jupiter.api.Assertions.assertThrows(NnlException.class, () -> fit(file, failing, ".nnlz"));
        assertEquals("on an executor: no such file", e.getMessage());
    }

    /** {@code file} trained by one process and by {@code workers} threads: the same weights within 1e-5. */
    static void trainsAsOneProcess(Path file, int workers) throws Exception {
        FitResult local = fit(file, null, "-local.nnlz");
        FitResult parallel = fit(file, new Threads(replicas(file, workers)), "-parallel.nnlz");
        assertClose(local, parallel, output(file, "-local.nnlz"), output(file, "-parallel.nnlz"), 1e-5);
    }

    static void assertClose(FitResult local, FitResult parallel, Path localFile, Path parallelFile, double tolerance)
            throws Exception {
        Artifact la = Artifact.load(localFile);
        Artifact pa = Artifact.load(parallelFile);
        assertEquals(la.weights.length, pa.weights.length);
        double worst = largestDifference(localFile, parallelFile);
        assertTrue(worst <= tolerance, "largest weight difference " + worst);
        for (int e = 0; e < local.history().size(); e++) {
            Map<String, Double> l = local.history().get(e);
            Map<String, Double> p = parallel.history().get(e);
            assertEquals(l.keySet(), p.keySet());
            assertEquals(l.get("accuracy"), p.get("accuracy"), 1e-12, "the same samples counted");
            assertEquals(l.get("loss"), p.get("loss"), 1e-4);
            assertEquals(l.get("val_loss"), p.get("val_loss"), 1e-4);
        }
        assertEquals(la.meta.iterations, pa.meta.iterations);
        assertEquals(la.optimizerState.keySet(), pa.optimizerState.keySet(), "the sharded state is joined whole");
    }
}
