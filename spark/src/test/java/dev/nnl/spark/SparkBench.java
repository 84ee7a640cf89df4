package dev.nnl.spark;

import dev.nnl.runtime.CompiledModel;
import dev.nnl.runtime.FitOptions;
import dev.nnl.runtime.Nnl;
import dev.nnl.runtime.train.TrainingListener;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Training throughput on Spark against one process (docs/distributed.md; bench/spark.sh runs it):
 * {@code SparkBench FILE MASTER WORKERS EPOCHS [BATCH]}, with WORKERS 0 for a single-process run.
 * Prints samples per second of each epoch after the first (which includes start-up).
 */
public final class SparkBench {
    private SparkBench() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        String master = args[1];
        int workers = Integer.parseInt(args[2]);
        FitOptions options = FitOptions.defaults().withEpochs(Long.parseLong(args[3]));
        if (args.length > 4) {
            options = options.withBatchSize(Integer.parseInt(args[4]));
        }
        CompiledModel m = Nnl.compile(file);
        long[] t = {System.nanoTime()};
        int[] samples = {0};
        TrainingListener l = new TrainingListener() {
            @Override
            public void onTrainBegin(int epochs, int steps, int n) {
                samples[0] = n;
                t[0] = System.nanoTime();
            }

            @Override
            public void onEpochEnd(int epoch, Map<String, Double> logs) {
                long now = System.nanoTime();
                double s = (now - t[0]) / 1e9;
                System.out.printf("epoch %d: %.2f s, %.0f samples/s, loss %.4f%n", epoch + 1, s, samples[0] / s, logs.get("loss"));
                t[0] = now;
            }

            @Override
            public void onMessage(String message) {
                System.out.println(message);
            }
        };
        if (workers == 0) {
            m.fit(options, l);
            return;
        }
        // The threads nnlc train --spark gives each worker of a local master: the processors split.
        Integer threads = master.startsWith("local") ? Math.max(1, Runtime.getRuntime().availableProcessors() / workers) : null;
        try (SparkTraining s = SparkTraining.start(master, workers, file, null, null, threads, SparkTrainingTest.loopback(), l)) {
            m.fit(options, l, new AtomicBoolean(), s);
        }
    }
}
