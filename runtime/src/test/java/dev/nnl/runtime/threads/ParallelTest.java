package dev.nnl.runtime.threads;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.concurrent.atomic.AtomicReferenceArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ParallelTest {
    @AfterEach
    void restore() {
        Parallel.setThreads(Runtime.getRuntime().availableProcessors());
        Parallel.resetSplitSizes();
    }

    /** The MLP's activations (128 x 256 values) and Adam's passes stay on one thread; a CNN layer's output splits. */
    @Test
    void smallWorkStaysOnTheCallingThread() {
        Parallel.setThreads(2);
        assertEquals(1, Parallel.threads(128, 128 * 256));
        assertEquals(1, Parallel.threads(8, 235_146));
        assertEquals(2, Parallel.threads(12, 128L * 26 * 26 * 32));
        assertEquals(100_000_000, Parallel.minFlops());
    }

    /** Every index is run once, the parts on two different threads. */
    @Test
    void aSplitLoopCoversTheRangeOnTwoThreads() {
        Parallel.setThreads(2);
        Parallel.setSplitSizes(1, 1);
        int n = 1000;
        AtomicReferenceArray<Thread> ranBy = new AtomicReferenceArray<>(n);
        int[] count = new int[n];
        Parallel.range(n, n, (from, to) -> {
            for (int i = from; i < to; i++) {
                count[i]++;
                ranBy.set(i, Thread.currentThread());
            }
        });
        int[] once = new int[n];
        java.util.Arrays.fill(once, 1);
        assertArrayEquals(once, count);
        assertNotEquals(ranBy.get(0), ranBy.get(n - 1));
    }
}
