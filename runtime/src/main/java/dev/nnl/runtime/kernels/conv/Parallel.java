package dev.nnl.runtime.kernels.conv;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Splits the copy loops of convolution and pooling (im2col, col2im, pooling windows) over the
 * batch, on as many threads as the native code may use: {@link dev.nnl.runtime.Threads#set} (the
 * {@code --threads} flag) when called, else {@code OMP_NUM_THREADS} when set (the variable that also
 * sizes ND4J's OpenMP and BLAS pools), else the number of processors. Each sample's rows are
 * independent and write disjoint memory, so no synchronization is needed.
 */
public final class Parallel {
    /** A loop body over samples [from, to). */
    @FunctionalInterface
    public interface Body {
        void run(int from, int to);
    }

    private static volatile int threads = threads();
    private static ExecutorService pool;
    /** Below this many elements of work a loop runs on the calling thread only. */
    private static final long MIN_WORK = 1 << 15;

    private Parallel() {
    }

    private static int threads() {
        String env = System.getenv("OMP_NUM_THREADS");
        try {
            if (env != null && !env.isBlank()) {
                return Math.max(1, Integer.parseInt(env.trim()));
            }
        } catch (NumberFormatException e) {
            // fall through to the processor count
        }
        return Math.max(1, Runtime.getRuntime().availableProcessors());
    }

    public static int threads(int n, long work) {
        return work < MIN_WORK ? 1 : Math.min(threads, n);
    }

    /** Sets the number of threads the loops use (the caller's own among them). */
    public static void setThreads(int n) {
        threads = Math.max(1, n);
    }

    private static synchronized ExecutorService pool() {
        if (pool == null) {
            pool = Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "nnl-kernel");
                t.setDaemon(true);
                return t;
            });
        }
        return pool;
    }

    /** Runs {@code body} over [0, n) in contiguous parts; {@code work} is the total element count. */
    public static void range(int n, long work, Body body) {
        int t = threads(n, work);
        if (t <= 1) {
            body.run(0, n);
            return;
        }
        Future<?>[] parts = new Future<?>[t - 1];
        for (int i = 1; i < t; i++) {
            int from = (int) ((long) n * i / t);
            int to = (int) ((long) n * (i + 1) / t);
            parts[i - 1] = pool().submit(() -> body.run(from, to));
        }
        body.run(0, (int) ((long) n / t));
        try {
            for (Future<?> f : parts) {
                f.get();
            }
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable c = e.getCause();
            throw c instanceof RuntimeException r ? r : new IllegalStateException(c);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
