package dev.nnl.compiler.diag.render;

import dev.nnl.compiler.diag.Diagnostic;
import dev.nnl.compiler.diag.Severity;
import dev.nnl.compiler.source.Span;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code file:line:col: error: message [NNL3001]}, exactly one line per diagnostic, so editors
 * can read it with vim's {@code %f:%l:%c: %t%*[^:]: %m} or an equivalent regular expression.
 */
public final class GccRenderer {
    private static final Pattern LINE_BREAK = Pattern.compile("\\R");

    public GccRenderer() {
    }

    /** Every diagnostic's line, in the given order; each line ends with {@code \n}. */
    public String render(List<Diagnostic> diagnostics) {
        StringBuilder out = new StringBuilder();
        for (Diagnostic d : diagnostics) {
            out.append(render(d));
        }
        return out.toString();
    }

    /** One diagnostic as one line ending with {@code \n}. */
    public String render(Diagnostic d) {
        Span span = d.span();
        StringBuilder line = new StringBuilder()
                .append(Locations.format(span.file(), span.startPosition()))
                .append(": ").append(word(d.severity()))
                .append(": ").append(flatten(d.message()));
        if (d.help() != null) {
            // Kept on the same line: a second line would be parsed as a separate diagnostic.
            line.append("; help: ").append(flatten(d.help()));
        }
        return line.append(" [").append(d.code().id()).append("]\n").toString();
    }

    /** gcc's words; {@code note} rather than {@code info} so %t and existing tools recognise it. */
    private static String word(Severity s) {
        return switch (s) {
            case ERROR -> "error";
            case WARNING -> "warning";
            case INFO -> "note";
        };
    }

    /** Line breaks in a message would break the one-line-per-diagnostic promise. */
    private static String flatten(String text) {
        return LINE_BREAK.matcher(text).replaceAll(" ");
    }
}
