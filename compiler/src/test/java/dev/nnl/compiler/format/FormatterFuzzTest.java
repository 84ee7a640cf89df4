package dev.nnl.compiler.format;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nnl.compiler.source.SourceFile;
import dev.nnl.grammar.NnlLexer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.Token;

/**
 * Properties on generated input. (a) The layout is canonical: re-spacing a file (other
 * indentation, tabs, more or fewer spaces between tokens, trailing blanks, extra blank lines)
 * formats to the same text. (b) On damaged files and random token soup the formatter either
 * refuses or returns an idempotent result; its own token check makes any lost token a failure.
 */
class FormatterFuzzTest {
    private static final List<String> CORPUS = corpus();

    @Property(tries = 300)
    void respacedFilesFormatTheSame(@ForAll("corpusIndex") int index, @ForAll long seed) {
        String original = CORPUS.get(index);
        String respaced = respace(original, new Random(seed));
        Formatted expected = Formatter.format(SourceFile.of("t.nnl", original));
        Formatted actual = Formatter.format(SourceFile.of("t.nnl", respaced));
        assertEquals(expected.refused(), actual.refused(), () -> "respaced input:\n" + respaced);
        assertEquals(expected.text(), actual.text(), () -> "respaced input:\n" + respaced);
    }

    @Property(tries = 300)
    void damagedFilesAreRefusedOrFormattedStably(@ForAll("corpusIndex") int index, @ForAll long seed) {
        Random r = new Random(seed);
        String text = CORPUS.get(index);
        for (int i = 0, n = 1 + r.nextInt(4); i < n && !text.isEmpty(); i++) {
            int a = r.nextInt(text.length());
            int b = Math.min(text.length(), a + 1 + r.nextInt(30));
            text = switch (r.nextInt(3)) {
                case 0 -> text.substring(0, a) + text.substring(b);
                case 1 -> text.substring(0, b) + text.substring(a, b) + text.substring(b);
                default -> text.substring(0, a) + POOL.get(r.nextInt(POOL.size())) + text.substring(a);
            };
        }
        assertStable(text);
    }

    @Property(tries = 300)
    void tokenSoupIsRefusedOrFormattedStably(@ForAll("soup") String text) {
        assertStable(text);
    }

    @Provide
    Arbitrary<Integer> corpusIndex() {
        return Arbitraries.integers().between(0, CORPUS.size() - 1);
    }

    @Provide
    Arbitrary<String> soup() {
        Arbitrary<String> separator = Arbitraries.of("", " ", "\t", "\n", "\r\n", "\n\n", "; ");
        Arbitrary<String> token = Combinators.combine(Arbitraries.of(POOL), separator).as(String::concat);
        Arbitrary<String> prefix = Arbitraries.of("", "model M {\n    input x: (4)\n", "train M {\n", "block B(f, k=3) {\n");
        return Combinators.combine(prefix, token.list().ofMaxSize(80)).as((p, ts) -> p + String.join("", ts));
    }

    private static final List<String> POOL = List.of("model", "block", "input", "output", "train", "let", "M", "x", "h",
            "Dense", "(", ")", "[", "]", "{", "}", ",", ":", ";", "=", "->", "+", "-", "*", "/", "1", "2.5", "1e-3",
            "\"s\"", "int32", "none", "true", "activation", "relu", "// c\n", "/* b */", "/* multi\n   line */", "\n", "\n->");

    private static void assertStable(String text) {
        Formatted f = Formatter.format(SourceFile.of("fuzz.nnl", text));
        if (!f.refused()) {
            assertEquals(f.text(), Formatter.format(SourceFile.of("fuzz.nnl", f.text())).text(),
                    () -> "not idempotent; input:\n" + text);
        }
    }

    /**
     * The same tokens with other whitespace: each run of blanks becomes 1 to 3 spaces or tabs,
     * blanks appear between tokens where that cannot join them, and blank lines are doubled. The
     * line that starts a multi-line block comment keeps its blanks: the comment's inner lines
     * are laid out relative to its first one.
     */
    static String respace(String text, Random r) {
        NnlLexer lexer = new NnlLexer(CharStreams.fromString(text));
        lexer.removeErrorListeners();
        List<? extends Token> tokens = lexer.getAllTokens();
        List<Integer> frozenLines = new ArrayList<>();
        for (Token t : tokens) {
            if (t.getType() == NnlLexer.BLOCK_COMMENT && t.getText().contains("\n")) {
                frozenLines.add(t.getLine());
            }
        }
        StringBuilder sb = new StringBuilder();
        Token prev = null;
        for (Token t : tokens) {
            boolean frozen = frozenLines.contains(t.getLine());
            if (t.getType() == NnlLexer.WS && !frozen) {
                sb.append(blanks(r));
            } else if (t.getType() == NnlLexer.NL) {
                if (r.nextInt(4) == 0) {
                    sb.append(" \t".charAt(r.nextInt(2)));
                }
                sb.append(t.getText());
                if (prev != null && prev.getType() == NnlLexer.NL && r.nextBoolean()) {
                    sb.append(t.getText());
                }
            } else {
                if (!frozen && prev != null && prev.getType() != NnlLexer.WS && prev.getType() != NnlLexer.NL
                        && separable(prev, t) && r.nextBoolean()) {
                    sb.append(blanks(r));
                }
                sb.append(t.getText());
            }
            prev = t;
        }
        return sb.toString();
    }

    /** Whether blanks between two adjacent tokens keep them two tokens (and change nothing else). */
    private static boolean separable(Token a, Token b) {
        return !Layout.isComment(a) && !Layout.isComment(b);
    }

    private static String blanks(Random r) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0, n = 1 + r.nextInt(3); i < n; i++) {
            sb.append(" \t".charAt(r.nextInt(2)));
        }
        return sb.toString();
    }

    private static List<String> corpus() {
        List<String> out = new ArrayList<>();
        FormatterCorpusTest.samples().forEach(e -> out.add(e.text()));
        FormatterCorpusTest.goldenInputs().forEach(e -> out.add(e.text()));
        return out;
    }
}
