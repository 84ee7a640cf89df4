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

class HumanRendererTest {
    private final HumanRenderer plain = new HumanRenderer(false);

    @Test
    void controlCharactersAreShownNotSentToTheTerminal() {
        assertEquals("a\u241b[31mb\u2400c\u2421", HumanRenderer.visible("a\u001b[31mb\u0000c\u007f"));
        assertEquals("plain text", HumanRenderer.visible("plain text"));
    }

    @Test
    void oneLineErrorWithHelp() {
        SourceFile f = SourceFile.of("samples/bad.nnl", NET);
        assertEquals("""
                error[NNL3001]: `Dense` expects 2D input (batch, features), found (None, 26, 26, 32)
                 --> samples/bad.nnl:4:5
                  |
                4 |     Dense(10)
                  |     ^^^^^^^^^
                  |
                  = help: add `Flatten()` before `Dense`

                """, plain.render(inputRank(spanOf(f, "Dense(10)"))));
    }

    @Test
    void warningWithoutHelp() {
        SourceFile f = SourceFile.of("a.nnl", NET);
        Diagnostic d = new Diagnostic(Severity.WARNING, Code.UNUSED_NAME, "`x` is never used",
                spanOf(f, "x"), List.of(), null);
        assertEquals("""
                warning[NNL2011]: `x` is never used
                 --> a.nnl:2:11
                  |
                2 |     input x: (28, 28, 1)
                  |           ^

                """, plain.render(d));
    }

    @Test
    void infoUsesItsOwnWord() {
        SourceFile f = SourceFile.of("a.nnl", NET);
        Diagnostic d = new Diagnostic(Severity.INFO, Code.RECURRENT_OPTIMIZER, "use Adam",
                spanOf(f, "model"), List.of(), null);
        assertEquals("""
                info[NNL5007]: use Adam
                 --> a.nnl:1:1
                  |
                1 | model Net {
                  | ^^^^^

                """, plain.render(d));
    }

    @Test
    void crlfLinesKeepNoCarriageReturn() {
        SourceFile f = SourceFile.of("w.nnl", "model Net {\r\n    Dense(10, units=3)\r\n}\r\n");
        Diagnostic d = new Diagnostic(Severity.ERROR, Code.UNKNOWN_ARGUMENT, "`Dense` has no argument `units`",
                spanOf(f, "units"), List.of(), null);
        assertEquals("""
                error[NNL2002]: `Dense` has no argument `units`
                 --> w.nnl:2:15
                  |
                2 |     Dense(10, units=3)
                  |               ^^^^^

                """, plain.render(d));
    }

    @Test
    void tabAndWideCharactersBeforeTheSpan() {
        // A tab shows as four columns; é and the emoji (a surrogate pair) as one column each.
        SourceFile f = SourceFile.of("u.nnl", "model Net {\n\tx = \"é😀\"; Dense(10)\n}\n");
        assertEquals("""
                error[NNL1003]: bad
                 --> u.nnl:2:12
                  |
                2 |     x = "é😀"; Dense(10)
                  |               ^^^^^^^^^

                """, plain.render(error(spanOf(f, "Dense(10)"), "bad")));
    }

    @Test
    void tabInsideTheSpanWidensTheCarets() {
        SourceFile f = SourceFile.of("t.nnl", "a\tb\n");
        assertEquals("""
                error[NNL1003]: bad
                 --> t.nnl:1:1
                  |
                1 | a    b
                  | ^^^^^^

                """, plain.render(error(f.span(0, 3), "bad")));
    }

    @Test
    void multiLineSpanShowsFirstAndLastLine() {
        SourceFile f = SourceFile.of("m.nnl", "model Net {\n    Dense(10,\n      3,\n      4,\n    )\n}\n");
        int start = f.text().indexOf("Dense");
        int end = f.text().indexOf(")") + 1;
        assertEquals("""
                error[NNL1003]: bad
                 --> m.nnl:2:5
                  |
                2 |     Dense(10,
                  |     ^^^^^^^^^
                ...
                5 |     )

                """, plain.render(error(f.span(start, end), "bad")));
    }

    @Test
    void twoLineSpanHasNothingToElide() {
        SourceFile f = SourceFile.of("m.nnl", "Dense(10,\n  3)\n");
        assertEquals("""
                error[NNL1003]: bad
                 --> m.nnl:1:1
                  |
                1 | Dense(10,
                  | ^^^^^^^^^
                2 |   3)

                """, plain.render(error(f.span(0, 14), "bad")));
    }

    @Test
    void spanEndingWithItsLineBreakStaysOnOneLine() {
        SourceFile f = SourceFile.of("m.nnl", "abc\ndef\n");
        assertEquals("""
                error[NNL1003]: bad
                 --> m.nnl:1:1
                  |
                1 | abc
                  | ^^^

                """, plain.render(error(f.span(0, 4), "bad")));
    }

    @Test
    void endOfFilePointsAfterTheLastCharacter() {
        String text = "model Net {\n    Dense(10)\n";
        SourceFile f = SourceFile.of("e.nnl", text);
        assertEquals("""
                error[NNL1003]: expected `}`, found end of file
                 --> e.nnl:2:14
                  |
                2 |     Dense(10)
                  |              ^

                """, plain.render(error(f.span(text.length(), text.length()), "expected `}`, found end of file")));
    }

    @Test
    void endOfFileWithoutFinalNewline() {
        String text = "model Net {";
        SourceFile f = SourceFile.of("e.nnl", text);
        assertEquals("""
                error[NNL1003]: eof
                 --> e.nnl:1:12
                  |
                1 | model Net {
                  |            ^

                """, plain.render(error(f.span(text.length(), text.length()), "eof")));
    }

    @Test
    void relatedNoteHasItsOwnLocationAndSnippet() {
        SourceFile f = SourceFile.of("d.nnl", NET);
        SourceFile other = SourceFile.of("lib.nnl", "\n\n\n\n\n\n\n\n\nblock Dense {\n}\n");
        Diagnostic d = new Diagnostic(Severity.ERROR, Code.DUPLICATE_NAME, "`Dense` is already defined",
                spanOf(f, "Dense"), List.of(new Diagnostic.Related(spanOf(other, "Dense"), "first defined here")),
                "rename one of them");
        // Line 10 in the note widens every gutter of the diagnostic to two columns.
        assertEquals("""
                error[NNL2010]: `Dense` is already defined
                  --> d.nnl:4:5
                   |
                 4 |     Dense(10)
                   |     ^^^^^
                   |
                   = help: rename one of them
                note: first defined here
                  --> lib.nnl:10:7
                   |
                10 | block Dense {
                   |       ^^^^^

                """, plain.render(d));
    }

    @Test
    void severalDiagnosticsInTheGivenOrder() {
        SourceFile f = SourceFile.of("o.nnl", NET);
        String rendered = plain.render(List.of(error(spanOf(f, "Dense"), "second"), error(spanOf(f, "model"), "first")));
        assertEquals("""
                error[NNL1003]: second
                 --> o.nnl:4:5
                  |
                4 |     Dense(10)
                  |     ^^^^^

                error[NNL1003]: first
                 --> o.nnl:1:1
                  |
                1 | model Net {
                  | ^^^^^

                """, rendered);
    }

    @Test
    void colour() {
        SourceFile f = SourceFile.of("c.nnl", NET);
        Diagnostic d = new Diagnostic(Severity.WARNING, Code.UNUSED_NAME, "`x` is never used",
                spanOf(f, "x"), List.of(new Diagnostic.Related(spanOf(f, "Dense"), "used here?")), "remove it");
        String b = "\u001b[1;34m";
        String y = "\u001b[1;33m";
        String g = "\u001b[1;32m";
        String r = "\u001b[0m";
        assertEquals(y + "warning[NNL2011]" + r + ": `x` is never used\n"
                + " " + b + "-->" + r + " c.nnl:2:11\n"
                + "  " + b + "|" + r + "\n"
                + b + "2 |" + r + "     input x: (28, 28, 1)\n"
                + "  " + b + "|" + r + "           " + y + "^" + r + "\n"
                + "  " + b + "|" + r + "\n"
                + "  " + b + "=" + r + " \u001b[1mhelp" + r + ": remove it\n"
                + g + "note" + r + ": used here?\n"
                + " " + b + "-->" + r + " c.nnl:4:5\n"
                + "  " + b + "|" + r + "\n"
                + b + "4 |" + r + "     Dense(10)\n"
                + "  " + b + "|" + r + "     " + g + "^^^^^" + r + "\n"
                + "\n", new HumanRenderer(true).render(d));
        assertEquals("\u001b[1;31merror[NNL3001]\u001b[0m: ",
                new HumanRenderer(true).render(inputRank(spanOf(f, "Dense(10)"))).substring(0, 27));
        Diagnostic info = new Diagnostic(Severity.INFO, Code.RECURRENT_OPTIMIZER, "use Adam",
                spanOf(f, "model"), List.of(), null);
        assertEquals("\u001b[1;36minfo[NNL5007]\u001b[0m: use Adam\n",
                new HumanRenderer(true).render(info).lines().findFirst().orElseThrow() + "\n");
        assertEquals(false, plain.render(d).contains("\u001b"));
    }

    @Test
    void summaryLine() {
        assertEquals("error: 2 errors and 1 warning emitted\n", HumanRenderer.summaryLine(2, 1, false));
        assertEquals("error: 1 error emitted\n", HumanRenderer.summaryLine(1, 0, false));
        assertEquals("error: 3 errors and 2 warnings emitted\n", HumanRenderer.summaryLine(3, 2, false));
        assertEquals("warning: 1 warning emitted\n", HumanRenderer.summaryLine(0, 1, false));
        assertEquals("", HumanRenderer.summaryLine(0, 0, false));
        assertEquals("\u001b[1;31merror\u001b[0m: 1 error emitted\n", HumanRenderer.summaryLine(1, 0, true));
        assertEquals("\u001b[1;33mwarning\u001b[0m: 2 warnings emitted\n", HumanRenderer.summaryLine(0, 2, true));
    }
}
