package dev.nnl.runtime.threads;

import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Splits the kernels' loops (im2col, col2im, pooling windows, blocks of a matrix product) on as
 * many threads as {@link dev.nnl.runtime.Threads#set} (the {@code --threads} flag) allows, else
 * {@code OMP_NUM_THREADS} when set, else the number of processors. The parts of one call write
 * disjoint memory, so no synchronization is needed beyond the hand-off.
 *
 * <p>The workers spin briefly before they park: a training step hands off hundreds of parts a
 * second (an LSTM step, 28 recurrent products), and waking a parked thread costs 10–50 µs, as
 * much as a small product. A call made while another thread holds the workers runs on its
 * caller alone (concurrent inference stays correct, just not parallel).
 */
public final class Parallel {
    /** A loop body over [from, to). */
    @FunctionalInterface
    public interface Body {
        void run(int from, int to);
    }

    /**
     * Below this many elements of work a loop runs on the calling thread only, and a matrix
     * product below {@link #minFlops} too. Measured, not guessed (docs/performance.md, "Two
     * threads against one"): on the 2-core VM the benchmark runs on, splitting the MLP's
     * 51-MFLOP products, its 32K-element activations and Adam's passes made a 2-thread epoch
     * slower than a 1-thread one (0.89 against 0.70 s); kept whole, the MLP's 2-thread epoch
     * equals its 1-thread one, and the CNN's and LSTM's got 5–10% faster.
     */
    static final long MIN_WORK = 1 << 20;
    static final long MIN_FLOPS = 100_000_000;
    private static volatile long minWork = MIN_WORK;
    private static volatile long minFlops = MIN_FLOPS;
    /** How long an idle worker spins before it parks. */
    private static final long SPIN_NANOS = 100_000;
    /**
     * How long the caller spins for a worker's part before it parks until the worker wakes it.
     * On an idle machine the parts end within microseconds of each other; on a busy one the
     * worker may be off its core for a whole time slice, and a caller spinning all that time
     * holds a core that the worker could have run on.
     */
    private static final long AWAIT_SPIN_NANOS = 500_000;

    private static volatile int threads = defaultThreads();
    private static final ReentrantLock BUSY = new ReentrantLock();
    private static Worker[] workers = new Worker[0];

    private Parallel() {
    }

    private static int defaultThreads() {
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

    /** The number of threads the loops may use. */
    public static int threads() {
        return threads;
    }

    public static int threads(int n, long work) {
        return work < minWork ? 1 : Math.min(threads, n);
    }

    /** The smallest matrix product, in flops, worth splitting over the threads. */
    public static long minFlops() {
        return minFlops;
    }

    /**
     * Lowers (or restores, with {@link #MIN_WORK} and {@link #MIN_FLOPS}) the sizes below which
     * work stays on one thread: tests split the small tensors they can check element by element.
     */
    public static void setSplitSizes(long work, long flops) {
        minWork = work;
        minFlops = flops;
    }

    /** The default split sizes. */
    public static void resetSplitSizes() {
        setSplitSizes(MIN_WORK, MIN_FLOPS);
    }

    /** Sets the number of threads the loops use (the caller's own among them). */
    public static void setThreads(int n) {
        threads = Math.max(1, n);
    }

    /** Runs {@code body} over [0, n) in contiguous parts; {@code work} is the total element count. */
    public static void range(int n, long work, Body body) {
        int t = threads(n, work);
        if (t <= 1 || !BUSY.tryLock()) {
            body.run(0, n);
            return;
        }
        try {
            Worker[] w = workers(t - 1);
            for (int i = 1; i < t; i++) {
                w[i - 1].start((int) ((long) n * i / t), (int) ((long) n * (i + 1) / t), body);
            }
            RuntimeException failure = null;
            try {
                body.run(0, (int) ((long) n / t));
            } catch (RuntimeException e) {
                failure = e;
            }
            for (int i = 1; i < t; i++) {
                RuntimeException e = w[i - 1].await();
                failure = failure == null ? e : failure;
            }
            if (failure != null) {
                throw failure;
            }
        } finally {
            BUSY.unlock();
        }
    }

    private static Worker[] workers(int n) {
        if (workers.length < n) {
            Worker[] grown = java.util.Arrays.copyOf(workers, n);
            for (int i = workers.length; i < n; i++) {
                grown[i] = new Worker(i + 1);
            }
            workers = grown;
        }
        return workers;
    }

    /** A daemon thread that runs one part at a time. */
    private static final class Worker extends Thread {
        private volatile Body body;
        private volatile boolean done = true;
        private volatile Thread caller;
        private int from;
        private int to;
        private RuntimeException failure;

        Worker(int index) {
            super("nnl-kernel-" + index);
            setDaemon(true);
            start();
        }

        void start(int from, int to, Body body) {
            this.from = from;
            this.to = to;
            this.failure = null;
            this.caller = Thread.currentThread();
            this.done = false;
            this.body = body;
            LockSupport.unpark(this);
        }

        RuntimeException await() {
            long since = System.nanoTime();
            while (!done) {
                if (System.nanoTime() - since < AWAIT_SPIN_NANOS) {
                    Thread.onSpinWait();
                } else {
                    // Woken by the worker when it is done (a bounded wait, in case of a stale permit).
                    LockSupport.parkNanos(this, 1_000_000);
                }
            }
            return failure;
        }

        @Override
        public void run() {
            while (true) {
                long idleSince = System.nanoTime();
                Body b;
                while ((b = body) == null) {
                    if (System.nanoTime() - idleSince < SPIN_NANOS) {
                        Thread.onSpinWait();
                    } else {
                        LockSupport.park(this);
                    }
                }
                body = null;
                try {
                    b.run(from, to);
                } catch (RuntimeException e) {
                    failure = e;
                } catch (Error e) {
                    failure = new IllegalStateException(e);
                }
                done = true;
                LockSupport.unpark(caller);
            }
        }
    }
}
