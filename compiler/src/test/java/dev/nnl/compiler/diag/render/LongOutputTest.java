package dev.nnl.compiler.diag.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnl.compiler.Compiler;
import dev.nnl.compiler.diag.Code;
import dev.nnl.compiler.diag.Diagnostic;
import dev.nnl.compiler.diag.Severity;
import dev.nnl.compiler.source.SourceFile;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Output that grows with the diagnostics and the file, not with their product. A valid
 * {@code x -> Dense(8) -> Dense(8) -> …} chain on one line draws one NNL5002 warning per step
 * but the last; printed whole, each warning's source line made the human format of a
 * 10,000-step chain 1.8 GB, and counting each column's code points from the line start made
 * the gcc format quadratic too.
 */
class LongOutputTest {
    private static final HumanRenderer HUMAN = new HumanRenderer(false);

    /** A valid model whose one statement is a chain of {@code steps} linear Dense layers, as `bench/deep-model.sh N chain` writes one. */
    static String chain(int steps) {
        StringBuilder sb = new StringBuilder("model Chain {\n    input x: (8)\n    x");
        for (int i = 0; i < steps; i++) {
            sb.append(" -> Dense(8)");
        }
        return sb.append("\n}\n").toString();
    }

    private static List<Diagnostic> diagnostics(int steps) {
        // A comment with an emoji at the end of the chain's line: columns are then counted in
        // code points on a line that has some, the slow case of a per-diagnostic walk.
        String source = chain(steps).replace("\n}", "   // \uD83D\uDE00\n}");
        List<Diagnostic> d = Compiler.compile(SourceFile.of("chain.nnl", source)).diagnostics();
        assertEquals(steps - 1, d.size());
        assertTrue(d.stream().allMatch(x -> x.code() == Code.LINEAR_STACK && x.severity() == Severity.WARNING));
        return d;
    }

    /** The renderers, each as the CLI uses it; the human one also per diagnostic, without the grouping. */
    private static final List<Function<List<Diagnostic>, String>> RENDERERS = List.of(
            HUMAN::render,
            ds -> {
                StringBuilder sb = new StringBuilder();
                ds.forEach(d -> sb.append(HUMAN.render(d)));
                return sb.toString();
            },
            new GccRenderer()::render,
            ds -> new JsonRenderer().render(List.of(new FileDiagnostics("chain.nnl", ds))));

    @Test
    void aTenThousandStepChainRendersInLinearTimeAndSpace() {
        List<Diagnostic> small = diagnostics(1_000);
        List<Diagnostic> large = diagnostics(10_000);
        com.sun.management.ThreadMXBean thread = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (int r = 0; r < RENDERERS.size(); r++) {
            Function<List<Diagnostic>, String> renderer = RENDERERS.get(r);
            renderer.apply(small);
            renderer.apply(large);
            long[] nanos = new long[2];
            long[] bytes = new long[2];
            int[] chars = new int[2];
            for (int size = 0; size < 2; size++) {
                List<Diagnostic> ds = size == 0 ? small : large;
                nanos[size] = Long.MAX_VALUE;
                bytes[size] = Long.MAX_VALUE;
                for (int run = 0; run < 3; run++) {
                    long cpu = thread.getCurrentThreadCpuTime();
                    long allocated = thread.getCurrentThreadAllocatedBytes();
                    chars[size] = renderer.apply(ds).length();
                    nanos[size] = Math.min(nanos[size], thread.getCurrentThreadCpuTime() - cpu);
                    bytes[size] = Math.min(bytes[size], thread.getCurrentThreadAllocatedBytes() - allocated);
                }
            }
            String what = "renderer " + r + ": " + chars[0] + " then " + chars[1] + " chars, "
                    + bytes[0] / 1024 + " then " + bytes[1] / 1024 + " KiB allocated, "
                    + nanos[0] / 1000 + " then " + nanos[1] / 1000 + " µs of CPU";
            // Ten times the diagnostics: about ten times the output (the grouped human one stays
            // the same size) and the memory allocated, where a renderer that copies or walks the
            // line per diagnostic needs a hundred times. Allocation is counted exactly; CPU time
            // (of this thread, not wall time, so a busy machine does not fail the test) only
            // catches a gross walk, with a floor that keeps a fast small case from making the
            // ratio meaningless: 500 ms for 10,000 diagnostics, where a walk of the 340 KB line
            // per diagnostic takes seconds (a bound of 100 ms failed once in CI at 102 ms, JIT
            // compilation on this thread included).
            assertTrue(chars[1] <= 11L * chars[0], what);
            assertTrue(bytes[1] <= 15 * Math.max(bytes[0], 1L << 20), what);
            assertTrue(nanos[1] <= 50 * Math.max(nanos[0], 10_000_000L), what);
        }
    }

    @Test
    void eachWarningOfAOneLineChainShowsABoundedPartOfTheLine() {
        List<Diagnostic> large = diagnostics(10_000);
        for (Diagnostic d : List.of(large.get(0), large.get(5_000), large.get(9_998))) {
            String rendered = HUMAN.render(d);
            assertTrue(rendered.length() < 600, rendered);
            assertTrue(rendered.lines().allMatch(l -> l.length() <= Excerpt.WINDOW + 20), rendered);
        }
    }

    // ---- the window of a long line

    private static String rendered(String line, String needle) {
        SourceFile f = SourceFile.of("w.nnl", line + "\n");
        return HUMAN.render(Fixtures.error(Fixtures.spanOf(f, needle), "bad"));
    }

    @Test
    void aLongLineIsCutAroundTheSpanWithTheCaretsUnderIt() {
        String line = "a".repeat(500) + "Dense(8)" + "b".repeat(492);
        assertEquals("error[NNL1003]: bad\n"
                + " --> w.nnl:1:501\n"
                + "  |\n"
                + "1 | ..." + "a".repeat(40) + "Dense(8)" + "b".repeat(72) + "...\n"
                + "  | " + " ".repeat(43) + "^^^^^^^^\n\n", rendered(line, "Dense(8)"));
    }

    @Test
    void nothingIsCutBeforeASpanNearTheLineStartOrAfterOneNearItsEnd() {
        String line = "Dense(8)" + "b".repeat(300) + "Flatten()";
        assertEquals("1 | Dense(8)" + "b".repeat(112) + "...",
                rendered(line, "Dense(8)").lines().toList().get(3));
        assertEquals("1 | ..." + "b".repeat(111) + "Flatten()",
                rendered(line, "Flatten()").lines().toList().get(3));
        assertEquals("  | " + " ".repeat(3 + 111) + "^^^^^^^^^", rendered(line, "Flatten()").lines().toList().get(4));
    }

    @Test
    void aLineOfUpToTheLimitIsShownWhole() {
        String line = "a".repeat(Excerpt.MAX_WHOLE_LINE - 8) + "Dense(8)";
        assertEquals("1 | " + line, rendered(line, "Dense(8)").lines().toList().get(3));
    }

    @Test
    void theCutNeverSplitsAnEmojiAndItsColumnCountsAsOne() {
        // The window would start 40 units before the span: on the emoji's second half.
        String emoji = "\uD83D\uDE00";
        String line = "a".repeat(459) + emoji + "a".repeat(39) + "Dense(8)" + "b".repeat(500);
        List<String> lines = rendered(line, "Dense(8)").lines().toList();
        // 459 + 1 + 39 code points before the span: column 500.
        assertEquals(" --> w.nnl:1:500", lines.get(1));
        assertEquals("1 | ..." + emoji + "a".repeat(39) + "Dense(8)" + "b".repeat(72) + "...", lines.get(3));
        assertEquals("  | " + " ".repeat(3 + 40) + "^^^^^^^^", lines.get(4));
    }

    @Test
    void gccColumnsOnALongLineWithEmojiCountCodePoints() {
        String emoji = "\uD83D\uDE00";
        SourceFile f = SourceFile.of("g.nnl", (emoji + "a").repeat(300) + "Dense(8)\n");
        String line = new GccRenderer().render(Fixtures.error(Fixtures.spanOf(f, "Dense(8)"), "bad"));
        assertEquals("g.nnl:1:601: error: bad [NNL1003]\n", line);
    }
}
