package dev.nnl.compiler.diag.render;

import dev.nnl.compiler.diag.Code;
import dev.nnl.compiler.diag.Diagnostic;
import dev.nnl.compiler.diag.Severity;
import dev.nnl.compiler.source.SourceFile;
import dev.nnl.compiler.source.Span;
import java.util.List;

/** Source files and diagnostics shared by the renderer tests. */
final class Fixtures {
    private Fixtures() {
    }

    static final String NET = """
            model Net {
                input x: (28, 28, 1)
                Conv2D(32, 3)
                Dense(10)
            }
            """;

    /** The span of the first occurrence of {@code needle}. */
    static Span spanOf(SourceFile file, String needle) {
        int start = file.text().indexOf(needle);
        if (start < 0) {
            throw new IllegalArgumentException(needle);
        }
        return file.span(start, start + needle.length());
    }

    static Diagnostic inputRank(Span span) {
        return new Diagnostic(Severity.ERROR, Code.INPUT_RANK,
                "`Dense` expects 2D input (batch, features), found (None, 26, 26, 32)",
                span, List.of(), "add `Flatten()` before `Dense`");
    }

    static Diagnostic error(Span span, String message) {
        return new Diagnostic(Severity.ERROR, Code.SYNTAX, message, span, List.of(), null);
    }
}
