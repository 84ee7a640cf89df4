package dev.nnl.compiler.diag.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnl.compiler.diag.Code;
import dev.nnl.compiler.diag.Diagnostic;
import dev.nnl.compiler.diag.Severity;
import dev.nnl.compiler.source.SourceFile;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The human format shows the first 10 diagnostics of each warning code and counts the rest. */
class HumanRendererGroupingTest {
    private final HumanRenderer plain = new HumanRenderer(false);
    /** One line per diagnostic, so each is told apart by its line number. */
    private final SourceFile file = SourceFile.of("g.nnl", "Dense(8)\n".repeat(40));

    private Diagnostic on(int line, Severity severity, Code code) {
        int start = file.lineStart(line);
        return new Diagnostic(severity, code, "message " + (line + 1), file.span(start, start + 5), List.of(), null);
    }

    private List<Diagnostic> many(int from, int count, Severity severity, Code code) {
        List<Diagnostic> out = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            out.add(on(i, severity, code));
        }
        return out;
    }

    private static long headers(String rendered, String header) {
        return rendered.lines().filter(l -> l.startsWith(header)).count();
    }

    @Test
    void theFirstTenOfACodeAreShownAndTheRestCounted() {
        String rendered = plain.render(many(0, 25, Severity.WARNING, Code.LINEAR_STACK));
        assertEquals(10, headers(rendered, "warning[NNL5002]"));
        assertTrue(rendered.contains("message 10\n") && !rendered.contains("message 11\n"), rendered);
        assertTrue(rendered.endsWith("   |\n10 | Dense(8)\n   | ^^^^^\n\n"
                + "\u2026 and 15 more NNL5002 warnings (linear-stack); `nnlc check --format json` lists them all\n\n"), rendered);
    }

    @Test
    void tenOrFewerAreAllShownWithoutACountLine() {
        String rendered = plain.render(many(0, 10, Severity.WARNING, Code.LINEAR_STACK));
        assertEquals(10, headers(rendered, "warning[NNL5002]"));
        assertEquals(plain.render(many(0, 10, Severity.WARNING, Code.LINEAR_STACK).subList(0, 10)), rendered);
        assertTrue(!rendered.contains("more NNL5002"), rendered);
    }

    @Test
    void eachCodeIsCountedOnItsOwnInTheOrderItFirstAppears() {
        List<Diagnostic> diags = new ArrayList<>(many(0, 11, Severity.WARNING, Code.UNUSED_NAME));
        diags.addAll(many(11, 12, Severity.WARNING, Code.LINEAR_STACK));
        diags.addAll(many(23, 3, Severity.WARNING, Code.DEAD_LAYER));
        String rendered = plain.render(diags);
        assertEquals(10, headers(rendered, "warning[NNL2011]"));
        assertEquals(10, headers(rendered, "warning[NNL5002]"));
        assertEquals(3, headers(rendered, "warning[NNL2029]"));
        // A code that is not a lint has no lint name to show; the singular for one hidden.
        assertTrue(rendered.endsWith("""
                \u2026 and 1 more NNL2011 warning; `nnlc check --format json` lists them all
                \u2026 and 2 more NNL5002 warnings (linear-stack); `nnlc check --format json` lists them all

                """), rendered);
    }

    @Test
    void errorsAreNeverGrouped() {
        // The compiler stops a file at 50 errors; all of those are shown.
        String rendered = plain.render(many(0, 30, Severity.ERROR, Code.UNKNOWN_LAYER));
        assertEquals(30, headers(rendered, "error[NNL2001]"));
        assertTrue(!rendered.contains("more NNL2001"), rendered);
    }

    @Test
    void warningsMadeErrorsByWerrorAreStillGroupedAndCalledErrors() {
        List<Diagnostic> diags = many(0, 13, Severity.ERROR, Code.LINEAR_STACK);
        String rendered = plain.render(diags);
        assertEquals(10, headers(rendered, "error[NNL5002]"));
        assertTrue(rendered.contains("\u2026 and 3 more NNL5002 errors (linear-stack);"), rendered);
    }

    @Test
    void largeCountsHaveThousandsSeparatorsAsTheSummaryLineDoes() {
        SourceFile big = SourceFile.of("b.nnl", "Dense(8)\n".repeat(10_000));
        List<Diagnostic> diags = new ArrayList<>();
        for (int i = 0; i < 9_999; i++) {
            diags.add(new Diagnostic(Severity.WARNING, Code.LINEAR_STACK, "m", big.span(big.lineStart(i), big.lineStart(i) + 5),
                    List.of(), null));
        }
        String rendered = plain.render(diags);
        assertTrue(rendered.contains("\u2026 and 9,989 more NNL5002 warnings (linear-stack);"), rendered);
        assertEquals("warning: 9,999 warnings emitted\n", HumanRenderer.summaryLine(0, 9_999, false));
    }

    @Test
    void colourPaintsTheSeverityWordOfTheCountLine() {
        String rendered = new HumanRenderer(true).render(many(0, 11, Severity.WARNING, Code.LINEAR_STACK));
        assertTrue(rendered.contains("\u2026 and 1 more NNL5002 \u001b[1;33mwarning\u001b[0m (linear-stack);"), rendered);
    }
}
