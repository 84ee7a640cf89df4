package dev.nnl.compiler.diag;

import dev.nnl.compiler.source.Span;
import java.util.List;

/**
 * One finding about the source: what is wrong, where, and (when a fix is likely) how to fix it.
 *
 * @param related other places that explain this one ("first defined here")
 * @param help a suggested fix, or null
 */
public record Diagnostic(Severity severity, Code code, String message, Span span,
                         List<Related> related, String help) {

    public Diagnostic {
        related = List.copyOf(related);
    }

    public record Related(Span span, String message) {
    }

    public Diagnostic withSeverity(Severity s) {
        return new Diagnostic(s, code, message, span, related, help);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }
}
