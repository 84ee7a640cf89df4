package dev.nnl.apitest;

import dev.nnl.runtime.Nnl;
import dev.nnl.runtime.TrainedModel;
import dev.nnl.runtime.export.SameDiffExport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Inference through the Java API: not a test. For a model file (initialized weights), prints the
 * latency of one-sample {@code predict} calls, the throughput of 1, 2 and 4 threads calling
 * {@code predict} at once (batches of 1 and 64), and the same model run as its exported SameDiff
 * graph. Run as docs/performance.md shows for StepBench; arguments: {@code FILE.nnl [seconds per case] [batch size]}.
 */
public final class PredictBench {
    public static void main(String[] args) throws Exception {
        TrainedModel m = Nnl.compile(Path.of(args[0])).initialize(1);
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 3;
        long[] sample = m.model().inputs().get(0).shape().dims();
        System.out.printf(Locale.ROOT, "%s, %d processors%n", m.name(), Runtime.getRuntime().availableProcessors());
        for (int batch : batches(args)) {
            INDArray x = input(sample, batch);
            for (int threads : new int[] {1, 2, 4}) {
                double perSecond = throughput(() -> m.predict(x), threads, seconds);
                System.out.printf(Locale.ROOT, "nnl predict      batch %3d, %d callers: %9.0f samples/s (%.3f ms per call)%n",
                        batch, threads, perSecond * batch, 1000.0 * threads / perSecond);
            }
            SameDiffExport.Graph g = m.toSameDiff();
            SameDiff sd = g.sameDiff();
            String in = g.inputs().get(0).name();
            String out = g.outputs().get(0).name();
            double perSecond = throughput(() -> sd.output(Map.of(in, x), out), 1, seconds);
            System.out.printf(Locale.ROOT, "SameDiff output  batch %3d, 1 caller:  %9.0f samples/s (%.3f ms per call)%n",
                    batch, perSecond * batch, 1000.0 / perSecond);
        }
    }

    /** The batch sizes to measure: the third argument (e.g. {@code 64}), else 1 and 64. */
    private static int[] batches(String[] args) {
        return args.length > 2 ? new int[] {Integer.parseInt(args[2])} : new int[] {1, 64};
    }

    private interface Call {
        Object run() throws Exception;
    }

    private static INDArray input(long[] sample, int batch) {
        long[] shape = new long[sample.length + 1];
        shape[0] = batch;
        System.arraycopy(sample, 0, shape, 1, sample.length);
        Nd4j.getRandom().setSeed(3);
        return Nd4j.rand(DataType.FLOAT, shape);
    }

    /** Calls per second over all threads, after a warm-up of a third of the time. */
    private static double throughput(Call call, int threads, double seconds) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<long[]>> runs = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                runs.add(pool.submit(() -> {
                    long warm = System.nanoTime() + (long) (seconds / 3 * 1e9);
                    while (System.nanoTime() < warm) {
                        call.run();
                    }
                    long start = System.nanoTime();
                    long end = start + (long) (seconds * 1e9);
                    long calls = 0;
                    while (System.nanoTime() < end) {
                        call.run();
                        calls++;
                    }
                    return new long[] {calls, System.nanoTime() - start};
                }));
            }
            double total = 0;
            for (Future<long[]> f : runs) {
                long[] r = f.get();
                total += r[0] / (r[1] / 1e9);
            }
            return total;
        } finally {
            pool.shutdownNow();
        }
    }
}
