package dev.nnl.runtime.data;

import dev.nnl.compiler.summary.SummaryText;
import java.nio.file.Path;

/**
 * What one data file may hold: its values become one {@code float[]} (Java arrays stop just short
 * of 2^31 elements), and the heap must have room for it. Checked from the header, before the
 * array is allocated, so a file that claims too much fails with a message instead of an
 * OutOfMemoryError.
 */
final class ArrayLimits {
    /** The largest array the JVM allocates (a few header words below Integer.MAX_VALUE). */
    static final long MAX_VALUES = Integer.MAX_VALUE - 8;

    private ArrayLimits() {
    }

    /** @param values how many values the file's header promises */
    static void check(Path file, long values) throws DataException {
        if (values > MAX_VALUES) {
            throw DataException.input(file + ": the header promises " + values + " values, more than nnl can hold in one array ("
                    + MAX_VALUES + ")");
        }
        long needed = values * Float.BYTES;
        long free = freeHeap();
        if (needed > free) {
            // Garbage counts as used until a collection: collect once before refusing.
            System.gc();
            free = freeHeap();
        }
        if (needed > free) {
            throw DataException.input(file + ": the header promises " + values + " values, " + SummaryText.memory(needed)
                    + " as floats, but only " + SummaryText.memory(free) + " of the Java heap is free"
                    + " (raise the limit with JAVA_TOOL_OPTIONS=-Xmx…)");
        }
    }

    private static long freeHeap() {
        Runtime rt = Runtime.getRuntime();
        return rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
    }
}
