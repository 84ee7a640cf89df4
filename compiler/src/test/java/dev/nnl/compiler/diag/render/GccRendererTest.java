package dev.nnl.compiler.diag.render;

import static dev.nnl.compiler.diag.render.Fixtures.NET;
import static dev.nnl.compiler.diag.render.Fixtures.error;
import static dev.nnl.compiler.diag.render.Fixtures.inputRank;
import static dev.nnl.compiler.diag.render.Fixtures.spanOf;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nnl.compiler.diag.Code;
import dev.nnl.compiler.diag.Diagnostic;
import dev.nnl.compiler.diag.Severity;
import dev.nnl.compiler.source.SourceFile;
import java.util.List;
import org.junit.jupiter.api.Test;

class GccRendererTest {
    private final GccRenderer gcc = new GccRenderer();

    @Test
    void errorWithHelpStaysOnOneLine() {
        SourceFile f = SourceFile.of("samples/bad.nnl", NET);
        assertEquals("samples/bad.nnl:4:5: error: `Dense` expects 2D input (batch, features), "
                        + "found (None, 26, 26, 32); help: add `Flatten()` before `Dense` [NNL3001]\n",
                gcc.render(inputRank(spanOf(f, "Dense(10)"))));
    }

    @Test
    void warningAndInfoWords() {
        SourceFile f = SourceFile.of("a.nnl", NET);
        Diagnostic warning = new Diagnostic(Severity.WARNING, Code.UNUSED_NAME, "`x` is never used",
                spanOf(f, "x"), List.of(), null);
        Diagnostic info = new Diagnostic(Severity.INFO, Code.RECURRENT_OPTIMIZER, "try Adam",
                spanOf(f, "model"), List.of(), null);
        assertEquals("a.nnl:2:11: warning: `x` is never used [NNL2011]\n"
                + "a.nnl:1:1: note: try Adam [NNL5007]\n", gcc.render(List.of(warning, info)));
    }

    @Test
    void crlfLineNumbers() {
        SourceFile f = SourceFile.of("w.nnl", "model Net {\r\n\r\n    Dense(10, units=3)\r\n}\r\n");
        assertEquals("w.nnl:3:15: error: bad [NNL1003]\n", gcc.render(error(spanOf(f, "units"), "bad")));
    }

    @Test
    void columnCountsCodePoints() {
        // tab, `x = "`, é, 😀 (two UTF-16 units), `"; ` : 11 code points before the span.
        SourceFile f = SourceFile.of("u.nnl", "model Net {\n\tx = \"é😀\"; Dense(10)\n}\n");
        assertEquals("u.nnl:2:12: error: bad [NNL1003]\n", gcc.render(error(spanOf(f, "Dense"), "bad")));
    }

    @Test
    void lineBreaksInTextAreFlattened() {
        SourceFile f = SourceFile.of("a.nnl", NET);
        Diagnostic d = new Diagnostic(Severity.ERROR, Code.SYNTAX, "two\nlines", spanOf(f, "model"),
                List.of(), "also\r\ntwo");
        assertEquals("a.nnl:1:1: error: two lines; help: also two [NNL1003]\n", gcc.render(d));
    }

    @Test
    void endOfFile() {
        String text = "model Net {\n";
        SourceFile f = SourceFile.of("e.nnl", text);
        assertEquals("e.nnl:2:1: error: eof [NNL1003]\n", gcc.render(error(f.span(text.length(), text.length()), "eof")));
    }
}
