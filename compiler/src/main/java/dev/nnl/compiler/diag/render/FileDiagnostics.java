package dev.nnl.compiler.diag.render;

import dev.nnl.compiler.diag.Diagnostic;
import java.util.List;

/** The diagnostics of one checked file, in the order they are to be printed. */
public record FileDiagnostics(String file, List<Diagnostic> diagnostics) {
    public FileDiagnostics {
        diagnostics = List.copyOf(diagnostics);
    }
}
