package dev.nnl.compiler.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnl.compiler.Compiler;
import dev.nnl.compiler.diag.Code;
import dev.nnl.compiler.diag.Diagnostic;
import dev.nnl.compiler.source.SourceFile;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** One rule of the canonical layout per test, on small inputs; see {@link Formatter}. */
class FormatterTest {
    /** The formatted text; fails when the formatter refuses or is not idempotent on it. */
    static String fmt(String text) {
        Formatted f = Formatter.format(SourceFile.of("t.nnl", text));
        assertFalse(f.refused(), () -> "refused: " + f.diagnostics());
        assertEquals(f.text(), Formatter.format(SourceFile.of("t.nnl", f.text())).text(), "not idempotent");
        return f.text();
    }

    /** Lines joined with LF, plus the final one. */
    static String lines(String... lines) {
        return String.join("\n", lines) + "\n";
    }

    @Nested
    class Indentation {
        @Test
        void fourSpacesPerBraceWhateverTheInputUsed() {
            assertEquals(lines("model M {", "    input x: (4)", "    Dense(1)", "}"),
                    fmt("model M {\n\tinput x: (4)\n  Dense(1)\n      }\n"));
        }

        @Test
        void topLevelStartsAtColumnOne() {
            assertEquals(lines("let a = 1", "model M {", "    input x: (4)", "}"), fmt("   let a = 1\n  model M {\ninput x: (4)\n }"));
        }

        @Test
        void oneLineBodiesStayOnOneLine() {
            assertEquals(lines("model M { input x: (4); Dense(1) }"), fmt("model M {input x:(4);Dense(1)}"));
        }

        @Test
        void aContinuationInsideBracketsLinesUpAfterTheBracket() {
            assertEquals(lines("model M {", "    input x: (4)", "    Dense(8, activation=relu,",
                            "          name=\"a\")", "}"),
                    fmt("model M {\n    input x: (4)\n    Dense(8, activation=relu,\n  name=\"a\")\n}\n"));
        }

        @Test
        void aBracketThatEndsItsLineGetsAHangingIndentAndItsCloserGoesBack() {
            assertEquals(lines("model M {", "    input x: (4)", "    output x -> Dense(", "        10,",
                            "        activation=softmax,", "    )", "}"),
                    fmt("model M {\n    input x: (4)\n    output x -> Dense(\n10,\n      activation=softmax,\n            )\n}\n"));
        }

        @Test
        void nestedBracketsEachSetTheirColumn() {
            assertEquals(lines("let xs = [(1,", "           2),", "          3]"), fmt("let xs = [(1,\n2),\n3]\n"));
        }

        @Test
        void aContinuedChainPutsItsArrowsUnderTheFirstOne() {
            assertEquals(lines("model M {", "    input x: (4)", "    h = x -> Dense(4)", "          -> Dense(2)",
                            "          -> Dense(1)", "}"),
                    fmt("model M {\n    input x: (4)\n    h = x -> Dense(4)\n  -> Dense(2)\n        -> Dense(1)\n}\n"));
        }

        @Test
        void aChainWithoutAnArrowOnItsFirstLineContinuesOneStepIn() {
            assertEquals(lines("model M {", "    input x: (4)", "    h = x", "        // first the wide layer",
                            "        -> Dense(4)", "    output h", "}"),
                    fmt("model M {\n    input x: (4)\n    h = x\n// first the wide layer\n -> Dense(4)\n    output h\n}\n"));
        }

        @Test
        void aCommentLineTakesTheIndentationOfItsPlace() {
            assertEquals(lines("model M {", "    input x: (4)", "    Dense(8,", "          // units above", "          activation=relu)",
                            "    // the end", "}"),
                    fmt("model M {\ninput x: (4)\nDense(8,\n// units above\nactivation=relu)\n// the end\n}\n"));
        }
    }

    @Nested
    class Spacing {
        @Test
        void aroundEqualsInDeclarationsNotInArguments() {
            assertEquals(lines("block B(f, k=3) {", "    Conv2D(f, k, padding=same)", "}", "model M {", "    input x: (8, 8, 1)",
                            "    h = x -> B(4, k=5)", "}"),
                    fmt("block B(f,k = 3){\nConv2D(f,k,padding = same)\n}\nmodel M{\ninput x:(8,8,1)\nh=x->B(4,k =5)\n}\n"));
        }

        @Test
        void binaryOperatorsSpacedExceptDirectlyInAKeywordValue() {
            assertEquals(lines("let a = (1 + 2) * 3 / 4 - 5",
                            "model M {", "    input x: (a * 2)", "    Dense(a * 2, kernel_regularizer=L2(a / 100))", "    Dropout(rate=1/4)", "}"),
                    fmt("let a=(1+2)*3/4-5\nmodel M {\ninput x: (a*2)\nDense(a*2, kernel_regularizer=L2(a/100))\nDropout(rate = 1 / 4)\n}\n"));
        }

        @Test
        void unarySignsStickToTheirOperand() {
            assertEquals(lines("let a = -1", "let b = 2 * -a", "let c = - -3", "let d = 4 - -a", "let e = (-a, +2)"),
                    fmt("let a = - 1\nlet b = 2*- a\nlet c = --3\nlet d = 4--a\nlet e = ( - a , + 2 )\n"));
        }

        @Test
        void twoSignsInAKeywordValueKeepASpaceBetweenThem() {
            assertEquals(lines("let a = f(b=2- -3)"), fmt("let a = f(b=2--3)\n"));
        }

        @Test
        void aTupleInAKeywordValueIsSpacedLikeAnyTuple() {
            assertEquals(lines("model M {", "    input x: (4)", "    Reshape(target_shape=(2, 2 * 1))", "}"),
                    fmt("model M {\n    input x: (4)\n    Reshape(target_shape = ( 2,2*1 ))\n}\n"));
        }

        @Test
        void commasColonsBracketsAndDtypes() {
            assertEquals(lines("model M {", "    input x: (28, 28, 1)", "    input t: (100,) int32", "    input s: (none, 4)",
                            "    Concatenate(x, t, s, axis=-1)", "}"),
                    fmt("model M {\n    input x :( 28 ,28 ,1 )\n    input t:(100 , )int32\n    input s: (none,4)\n"
                            + "    Concatenate( x,t , s ,axis=- 1 )\n}\n"));
        }

        @Test
        void listsAndStrings() {
            assertEquals(lines("train M {", "    metrics = [accuracy, auc]", "    data    = npy([\"a b.npy\", \"c.npy\"])", "}"),
                    fmt("train M {\n    metrics=[ accuracy,auc ]\n    data=npy( [ \"a b.npy\",\"c.npy\" ] )\n}\n"));
        }

        @Test
        void blockCommentsInsideALineKeepOneSpaceAroundThem() {
            assertEquals(lines("model M {", "    input x: (4)", "    Dense(/* units */ 8 /* more */, activation=relu) /* ok */", "}"),
                    fmt("model M {\n    input x: (4)\n    Dense(   /* units */8/* more */ ,activation=relu)/* ok */\n}\n"));
        }
    }

    @Nested
    class Alignment {
        @Test
        void consecutiveLetsAlignTheirEquals() {
            assertEquals(lines("let classes = 10", "let hidden  = 64", "let act     = relu", "", "let lone = 1"),
                    fmt("let classes = 10\nlet hidden = 64\nlet act= relu\n\nlet lone   = 1\n"));
        }

        @Test
        void aLongLetNameWidensItsRun() {
            assertEquals(lines("let vocab_size    = 5000", "let embedding_dim = 64"), fmt("let vocab_size = 5000\nlet embedding_dim = 64\n"));
        }

        @Test
        void trainEntriesAlignButALongKeyKeepsOneSpace() {
            assertEquals(lines("train M {", "    data       = idx(\"d\", scale=1/255)", "    // comment lines do not end the run",
                            "    batch_size = 32", "    validation_split = 0.1", "    seed       = 42", "}"),
                    fmt("train M {\n  data = idx(\"d\", scale=1/255)\n  // comment lines do not end the run\n"
                            + "  batch_size = 32\n  validation_split    = 0.1\n  seed=42\n}\n"));
        }

        @Test
        void aBlankLineStartsANewRun() {
            assertEquals(lines("train M {", "    loss      = mse", "    optimizer = Adam()", "", "    epochs = 5", "}"),
                    fmt("train M {\n    loss = mse\n    optimizer = Adam()\n\n    epochs    = 5\n}\n"));
        }

        @Test
        void continuationLinesOfAnEntryFollowItsAlignment() {
            assertEquals(lines("train M {", "    data       = text(\"f.tsv\", max_length=100,", "                      vocab_size=5000)",
                            "    batch_size = 64", "}"),
                    fmt("train M {\n    data = text(\"f.tsv\", max_length=100,\n        vocab_size=5000)\n    batch_size = 64\n}\n"));
        }

        @Test
        void bindingsAreNotAligned() {
            assertEquals(lines("model M {", "    input x: (4)", "    a = x -> Dense(2)", "    long_name = x -> Dense(2)",
                            "    output Add(a, long_name)", "}"),
                    fmt("model M {\n    input x: (4)\n    a   = x -> Dense(2)\n    long_name = x -> Dense(2)\n    output Add(a, long_name)\n}\n"));
        }

        @Test
        void trailingCommentsOfARunShareColumn38() {
            assertEquals(lines("model M {",
                            "    input x: (4)                     // four features",
                            "    Dense(8, activation=relu)        // hidden",
                            "    Dense(1)",
                            "    Dropout(0.1)                     // alone",
                            "}"),
                    fmt("model M {\n    input x: (4) // four features\n    Dense(8, activation=relu)   // hidden\n"
                            + "    Dense(1)\n    Dropout(0.1)\t\t// alone\n}\n"));
        }

        @Test
        void aLongLinePushesItsRunThreeSpacesPastIt() {
            assertEquals(lines("model M {",
                            "    input x: (4)                                          // short",
                            "    Dense(8, activation=relu, name=\"a_long_layer_name\")   // long",
                            "",
                            "    Dense(1)                         // next run",
                            "}"),
                    fmt("model M {\n    input x: (4) // short\n    Dense(8, activation=relu, name=\"a_long_layer_name\") // long\n"
                            + "\n    Dense(1) // next run\n}\n"));
        }

        @Test
        void aCommentOnItsOwnLineIsNotATrailingComment() {
            assertEquals(lines("model M {", "    // own line", "    input x: (4)                     // trailing", "}"),
                    fmt("model M {\n        // own line\n    input x: (4)  // trailing\n}\n"));
        }

        @Test
        void columnsCountCharactersNotBytes() {
            assertEquals(lines("model M {", "    input x: (4)", "    Dense(1, name=\"größe\")           // ü", "    Dense(1)                         // a", "}"),
                    fmt("model M {\n    input x: (4)\n    Dense(1, name=\"größe\") // ü\n    Dense(1) // a\n}\n"));
        }
    }

    @Nested
    class Comments {
        @Test
        void aMultiLineBlockCommentMovesAsAWhole() {
            assertEquals(lines("model M {", "    /* first", "       second", "         third */", "    input x: (4)", "}"),
                    fmt("model M {\n        /* first\n           second\n             third */\n    input x: (4)\n}\n"));
        }

        @Test
        void blockCommentLinesLoseTrailingBlanksAndTabs() {
            // The tab before `b` reaches column 4, so `b` stays at column 7.
            assertEquals(lines("/* a", "       b", "", "*/", "model M {", "    input x: (4)", "}"),
                    fmt("/* a  \n\t   b\t\n   \n*/\nmodel M {\n    input x: (4)\n}\n"));
        }

        @Test
        void lineCommentsLoseTrailingBlanksButKeepTheirText() {
            assertEquals(lines("// a\tcomment  with  spaces", "let a = 1"), fmt("// a\tcomment  with  spaces   \t\nlet a = 1\n"));
        }

        @Test
        void everyCommentSurvives() {
            String text = "// head\n/* block */ let a = 1 /* mid */ // tail\nmodel M { // brace\n    input x: (4) /* a */ /* b */\n"
                    + "    Dense(/* c */ 1, // d\n          activation=relu) // e\n    /* f\n     */\n} // g\n";
            String out = fmt(text);
            for (String c : List.of("// head", "/* block */", "/* mid */", "// tail", "// brace", "/* a */", "/* b */", "/* c */",
                    "// d", "// e", "/* f", "// g")) {
                assertTrue(out.contains(c), () -> c + " lost:\n" + out);
            }
        }
    }

    @Nested
    class Lines {
        @Test
        void blankLinesCollapseToOneAndLeaveBodyEdges() {
            assertEquals(lines("model M {", "    input x: (4)", "", "    Dense(1)", "}", "", "model N {", "    input y: (4)", "}"),
                    fmt("\n\n\nmodel M {\n\n    input x: (4)\n\n\n\n    Dense(1)\n\n}\n\n\n\nmodel N {\n    input y: (4)\n}\n\n\n"));
        }

        @Test
        void noBlankLineInsideBracketEdges() {
            assertEquals(lines("let xs = [", "    1,", "", "    2,", "]"), fmt("let xs = [\n\n    1,\n\n\n    2,\n\n]\n"));
        }

        @Test
        void exactlyOneFinalNewline() {
            assertEquals(lines("let a = 1"), fmt("let a = 1"));
            assertEquals(lines("let a = 1"), fmt("let a = 1\n\n\n"));
        }

        @Test
        void anEmptyFileStaysEmpty() {
            assertEquals("", fmt(""));
            assertEquals("", fmt("\n \n\t\n"));
        }

        @Test
        void semicolonsOnlyBetweenStatementsOnOneLine() {
            assertEquals(lines("model M {", "    input x: (4); Dense(2); Dense(1)", "    Dense(1)", "}"),
                    fmt("model M {;\n    input x: (4) ;Dense(2);; Dense(1);\n    ;Dense(1);\n;\n}\n"));
        }

        @Test
        void aSemicolonBeforeABraceOrAfterOneGoes() {
            assertEquals(lines("model M { input x: (4); Dense(1) }; let a = 1"), fmt("model M { ; input x: (4); Dense(1); }; let a = 1;"));
        }

        @Test
        void aLineOfOnlyASemicolonAndACommentKeepsTheSemicolon() {
            // Without code on its line, the allow comment would silence the Dropout on the next line.
            String text = "model M {\n    input x: (784)\n    ; // nnl: allow(dropout-after-input)\n    Dropout(0.1)\n"
                    + "    Dense(10, activation=softmax)\n}\n";
            String out = fmt(text);
            assertTrue(out.contains("    ;                                // nnl: allow(dropout-after-input)\n"), out);
            assertEquals(codes(text), codes(out));
            assertEquals(List.of(Code.DROPOUT_AFTER_INPUT), codes(out));
        }

        @Test
        void crlfFilesStayCrlf() {
            assertEquals(lines("model M {", "    input x: (4)", "    /* a", "       b */", "}").replace("\n", "\r\n"),
                    fmt("model M {\r\n  input x: (4)\r\n  /* a\r\n     b */\r\n}"));
        }

        @Test
        void lfAndLoneCrFilesGetLf() {
            assertEquals(lines("let a = 1", "let b = 2"), fmt("let a = 1\rlet b = 2\r"));
            assertEquals(lines("let a = 1", "let b = 2"), fmt("let a = 1\nlet b = 2\r\n"));
        }

        @Test
        void aByteOrderMarkIsNotWrittenBack() {
            byte[] bom = "\uFEFFlet a = 1\n".getBytes(StandardCharsets.UTF_8);
            Formatted f = Formatter.format(SourceFile.decode("t.nnl", null, bom));
            assertEquals("let a = 1\n", f.text());
        }
    }

    @Nested
    class Refusal {
        @Test
        void aFileWithASyntaxErrorIsNotFormatted() {
            Formatted f = Formatter.format(SourceFile.of("t.nnl", "model M {\n    input x: (4)\n    Dense(8 activation=relu)\n}\n"));
            assertTrue(f.refused());
            assertNull(f.text());
            assertEquals(List.of(Code.SYNTAX), f.diagnostics().stream().map(Diagnostic::code).toList());
            assertEquals(3, f.diagnostics().get(0).span().startPosition().line() + 1);
        }

        @Test
        void lexicalErrorsAreRefusedToo() {
            for (String text : List.of("let a = 1 # python\n", "let a = 'x'\n", "/* open\n", "let s = \"open\n", "let é = 1\n")) {
                Formatted f = Formatter.format(SourceFile.of("t.nnl", text));
                assertTrue(f.refused(), text);
                assertTrue(f.diagnostics().stream().allMatch(d -> d.code().isSyntax()), () -> text + f.diagnostics());
            }
        }

        @Test
        void invalidUtf8IsRefused() {
            byte[] bytes = {'/', '/', ' ', (byte) 0xFF, '\n', 'l', 'e', 't', ' ', 'a', ' ', '=', ' ', '1', '\n'};
            Formatted f = Formatter.format(SourceFile.decode("t.nnl", null, bytes));
            assertTrue(f.refused());
            assertEquals(List.of(Code.INVALID_UTF8), f.diagnostics().stream().map(Diagnostic::code).toList());
        }

        @Test
        void mistakesBeyondSyntaxDoNotStopFormatting() {
            assertEquals(lines("model M {", "    input x: (4)", "    Dense(8, activation=relux)", "}"),
                    fmt("model M {\n input x: (4)\n Dense(8,activation=relux)\n}"));
        }

        @Test
        void deepButLegalNestingIsFormatted() {
            String deep = "let a = " + "-".repeat(10_000) + "1\n";
            assertEquals("let a = " + "- ".repeat(9_999) + "-1\n", fmt(deep));
        }
    }

    static List<Code> codes(String text) {
        return Compiler.compile(SourceFile.of("t.nnl", text)).diagnostics().stream().map(Diagnostic::code).sorted().toList();
    }
}
