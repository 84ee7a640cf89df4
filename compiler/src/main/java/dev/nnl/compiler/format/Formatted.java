package dev.nnl.compiler.format;

import dev.nnl.compiler.diag.Diagnostic;
import java.util.List;

/**
 * What {@link Formatter#format} made of a file.
 *
 * @param text the file in the canonical layout, or null when the formatter refused the file
 * @param diagnostics why it refused: the file's syntax errors (empty when {@code text} is set)
 */
public record Formatted(String text, List<Diagnostic> diagnostics) {
    public Formatted {
        diagnostics = List.copyOf(diagnostics);
    }

    public boolean refused() {
        return text == null;
    }
}
