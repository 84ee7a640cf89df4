package dev.nnl.compiler;

import dev.nnl.compiler.analysis.Facts;
import dev.nnl.compiler.ast.NnlFile;
import dev.nnl.compiler.check.Checker;
import dev.nnl.compiler.diag.Code;
import dev.nnl.compiler.diag.Diagnostics;
import dev.nnl.compiler.source.SourceFile;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/** The compiler's front door: source text in, {@link Compilation} out. Never throws on bad input. */
public final class Compiler {
    /**
     * Parsing and checking recurse over the nesting of the source; a large private stack makes
     * deep but legal input safe, and a StackOverflowError past it becomes a diagnostic.
     */
    private static final long STACK_BYTES = 512L * 1024 * 1024;

    private Compiler() {
    }

    public static Compilation compile(SourceFile file) {
        AtomicReference<Compilation> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = new Thread(null, () -> {
            try {
                result.set(Checker.check(file));
            } catch (StackOverflowError e) {
                Diagnostics d = new Diagnostics();
                d.report(Code.TOO_DEEP, file.span(0, 0), "the compiler's stack allows").emit();
                result.set(new Compilation(file, List.of(), Map.of(), Map.of(), d.all(), List.of(),
                        Facts.none(new NnlFile(file, List.of()))));
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "nnl-compiler", STACK_BYTES);
        t.start();
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while compiling " + file.name(), e);
        }
        if (failure.get() != null) {
            throw new InternalCompilerError(file.name(), failure.get());
        }
        return result.get();
    }

    /** A bug in nnl itself (never bad input): the CLI reports it with exit code 4. */
    public static final class InternalCompilerError extends RuntimeException {
        public InternalCompilerError(String file, Throwable cause) {
            super("internal error while compiling " + file + ": " + cause, cause);
        }
    }
}
