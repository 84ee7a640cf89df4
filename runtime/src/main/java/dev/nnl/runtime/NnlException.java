package dev.nnl.runtime;

import dev.nnl.compiler.diag.Diagnostic;
import dev.nnl.compiler.diag.render.HumanRenderer;
import java.util.List;

/**
 * Why nnl could not do what was asked, as the CLI would report it: compile errors (with the
 * same {@link Diagnostic}s {@code nnlc check} prints), data that does not fit the model, a
 * missing or corrupt {@code .nnlz}, or a model the SameDiff export cannot express.
 *
 * <p>{@link #getMessage()} is the complete human-readable report (for compile errors, the
 * rendered diagnostics without colour). {@link #isIo()} separates files that could not be read or
 * written (the CLI's exit code 3) from inputs that are wrong (exit code 1).
 */
public class NnlException extends Exception {
    private final boolean io;
    private final transient List<Diagnostic> diagnostics;

    /** A problem described by its message alone. */
    public NnlException(String message, boolean io) {
        super(message);
        this.io = io;
        this.diagnostics = List.of();
    }

    /** A model that does not compile: the message is the diagnostics as {@code nnlc check} renders them. */
    public NnlException(List<Diagnostic> diagnostics) {
        super(new HumanRenderer(false).render(diagnostics).stripTrailing());
        this.io = false;
        this.diagnostics = List.copyOf(diagnostics);
    }

    /** True when a file could not be read or written; false when the input itself is wrong. */
    public boolean isIo() {
        return io;
    }

    /** The compiler's findings (errors and warnings) for a model that does not compile; empty otherwise. */
    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }
}
