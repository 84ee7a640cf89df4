package dev.nnl.compiler;

import dev.nnl.compiler.analysis.Facts;
import dev.nnl.compiler.ast.NnlFile;
import dev.nnl.compiler.check.Checker;
import dev.nnl.compiler.diag.Code;
import dev.nnl.compiler.diag.Diagnostic;
import dev.nnl.compiler.diag.Diagnostics;
import dev.nnl.compiler.parse.NnlParserFacade;
import dev.nnl.compiler.source.SourceFile;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;

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
        return onLargeStack(file, () -> Checker.check(file),
                tooDeep -> new Compilation(file, List.of(), Map.of(), Map.of(), List.of(tooDeep), List.of(),
                        Facts.none(new NnlFile(file, List.of()))));
    }

    /**
     * The file's syntax errors (NNL1xxx) alone: a parse without imports, names or shapes, for
     * tools that only need to know whether the text is well-formed (the formatter).
     */
    public static List<Diagnostic> syntaxErrors(SourceFile file) {
        return onLargeStack(file, () -> {
            Diagnostics d = new Diagnostics();
            NnlParserFacade.parse(file, d);
            return d.all().stream().filter(x -> x.isError() && x.code().isSyntax()).toList();
        }, List::of);
    }

    /** Runs {@code task} on a thread with a large stack; a stack overflow becomes {@code onOverflow}'s result. */
    private static <T> T onLargeStack(SourceFile file, Supplier<T> task, Function<Diagnostic, T> onOverflow) {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = new Thread(null, () -> {
            try {
                result.set(task.get());
            } catch (StackOverflowError e) {
                Diagnostics d = new Diagnostics();
                d.report(Code.TOO_DEEP, file.span(0, 0), "the compiler's stack allows").emit();
                result.set(onOverflow.apply(d.all().get(0)));
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
