package dev.nnl.compiler;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnl.compiler.diag.Code;
import dev.nnl.compiler.diag.Diagnostic;
import dev.nnl.compiler.diag.render.FileDiagnostics;
import dev.nnl.compiler.diag.render.GccRenderer;
import dev.nnl.compiler.diag.render.HumanRenderer;
import dev.nnl.compiler.diag.render.JsonRenderer;
import dev.nnl.compiler.ir.LayerNode;
import dev.nnl.compiler.ir.ModelIR;
import dev.nnl.compiler.source.SourceFile;
import dev.nnl.compiler.source.Span;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** Assertions every robustness test makes about a compilation, defined once. */
final class CompilerChecks {
    /**
     * A hang detector, not a speed test: the slowest case takes about a second on an idle
     * machine. Shared CI machines can be many times slower, and a hang never ends anyway.
     */
    static final Duration HANG_LIMIT = Duration.ofSeconds(30);

    private CompilerChecks() {
    }

    /** Compiles within {@link #HANG_LIMIT}; any exception escaping the compiler fails the test. */
    static Compilation compile(SourceFile file) {
        return assertTimeoutPreemptively(HANG_LIMIT, () -> Compiler.compile(file), () -> "compiling " + file.name());
    }

    static Compilation compile(String name, String text) {
        return compile(SourceFile.of(name, text));
    }

    static Set<Code> codes(Compilation c) {
        return c.diagnostics().stream().map(Diagnostic::code).collect(Collectors.toCollection(TreeSet::new));
    }

    /**
     * The invariants of every compilation: each diagnostic has a code, a severity, a message and
     * spans inside its file; every renderer accepts it; without errors every declared model has
     * sane IR.
     */
    static void assertWellFormed(Compilation c) {
        assertNotNull(c, "compile returned null");
        for (Diagnostic d : c.diagnostics()) {
            assertNotNull(d.code(), () -> "no code: " + d);
            assertNotNull(d.severity(), () -> "no severity: " + d);
            assertTrue(d.message() != null && !d.message().isBlank(), () -> "empty message: " + d);
            assertInside(d.span(), d);
            d.related().forEach(r -> {
                assertInside(r.span(), d);
                assertTrue(r.message() != null && !r.message().isBlank(), () -> "empty related message: " + d);
            });
        }
        new HumanRenderer(false).render(c.diagnostics());
        new GccRenderer().render(c.diagnostics());
        new JsonRenderer().render(List.of(new FileDiagnostics(c.file().name(), c.diagnostics())));
        if (!c.hasErrors()) {
            for (String name : c.modelNames()) {
                ModelIR ir = c.models().get(name);
                assertNotNull(ir, () -> "no error, yet no IR for model " + name);
                assertSane(ir);
            }
        }
    }

    private static void assertInside(Span span, Diagnostic d) {
        assertNotNull(span, () -> "no span: " + d);
        assertNotNull(span.file(), () -> "span without a file: " + d);
        int length = span.file().text().length();
        assertTrue(0 <= span.start() && span.start() <= span.end() && span.end() <= length,
                () -> "span " + span.start() + ".." + span.end() + " outside the file (length " + length + "): " + d);
    }

    private static void assertSane(ModelIR ir) {
        assertFalse(ir.inputs().isEmpty(), () -> ir.name() + " has no inputs");
        assertFalse(ir.layers().isEmpty(), () -> ir.name() + " has no layers");
        for (LayerNode n : ir.layers()) {
            assertTrue(n.params() >= 0 && n.trainableParams() >= 0, () -> "negative parameter count in " + n.name());
        }
        assertTrue(ir.totalParams() >= 0 && ir.trainableParams() >= 0 && ir.nonTrainableParams() >= 0,
                () -> ir.name() + " has a negative parameter total: " + ir.totalParams());
    }
}
