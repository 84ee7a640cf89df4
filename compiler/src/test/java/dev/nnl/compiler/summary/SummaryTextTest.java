package dev.nnl.compiler.summary;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;
import org.junit.jupiter.api.Test;

/** SummaryText.grouped writes counts exactly as String.format's {@code %,d} does, which it replaced. */
class SummaryTextTest {
    @Test
    void groupedWritesWhatPercentCommaDWrites() {
        long[] values = {0, 7, 999, 1_000, 12_345, 225_034, 1_000_000, 999_999_999, -1, -999, -1_000, -1_234_567,
                Long.MAX_VALUE, Long.MIN_VALUE};
        for (long n : values) {
            assertEquals(String.format(Locale.ROOT, "%,d", n), SummaryText.grouped(n), Long.toString(n));
        }
        assertEquals("225,034", SummaryText.grouped(225_034));
    }
}
