package dev.nnl.compiler;

import static dev.nnl.compiler.CompilerChecks.assertWellFormed;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnl.compiler.layers.Common;
import dev.nnl.compiler.layers.Registry;
import dev.nnl.grammar.NnlLexer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Property: whatever the text, {@link Compiler#compile} returns in time with well-formed
 * diagnostics, and a file without errors has IR for every model (see {@link CompilerChecks}).
 * Inputs are (a) the real samples, mutated, and (b) random streams of the grammar's tokens.
 * Seeds are random per run; a failure prints its seed and the shrunk input.
 */
class FuzzTest {
    private static final Path SAMPLES = Path.of("../samples");

    /** Every literal token of the grammar ({@code model}, {@code ->}, {@code (}, …), read from the generated lexer. */
    private static final List<String> LITERALS = literals();

    /** Words and fragments the mutator inserts and token streams are made of. */
    private static final List<String> POOL = pool();

    // ---- (a) mutated samples ----

    @Property(tries = 300)
    void mutatedSamplesCompileCleanly(@ForAll("mutatedSamples") String text) {
        check(text);
    }

    @Provide
    Arbitrary<String> mutatedSamples() {
        return Combinators.combine(Arbitraries.of(samples()), mutation().list().ofMinSize(1).ofMaxSize(6))
                .as((sample, mutations) -> {
                    String text = sample;
                    for (Mutation m : mutations) {
                        text = m.apply(text);
                    }
                    return text;
                });
    }

    enum Kind { DELETE_CHARS, DUPLICATE_CHARS, SWAP_CHARS, DELETE_TOKEN, DUPLICATE_TOKEN, SWAP_TOKENS, INSERT }

    /** One edit; positions are taken modulo the text's length, so any edit applies to any text. */
    record Mutation(Kind kind, int at, int other, int length, String piece) {
        String apply(String text) {
            return switch (kind) {
                case INSERT -> {
                    int i = at % (text.length() + 1);
                    yield text.substring(0, i) + piece + text.substring(i);
                }
                case DELETE_CHARS, DUPLICATE_CHARS, SWAP_CHARS -> edit(chars(text));
                case DELETE_TOKEN, DUPLICATE_TOKEN, SWAP_TOKENS -> edit(tokens(text));
            };
        }

        /** Deletes, duplicates or swaps ranges of {@code units} (characters or tokens). */
        private String edit(List<String> units) {
            if (units.isEmpty()) {
                return "";
            }
            int n = units.size();
            boolean tokens = kind == Kind.DELETE_TOKEN || kind == Kind.DUPLICATE_TOKEN || kind == Kind.SWAP_TOKENS;
            int len = tokens ? 1 + length % 3 : length;
            int a = at % n;
            int aEnd = Math.min(n, a + len);
            List<String> out = new ArrayList<>(units);
            switch (kind) {
                case DELETE_CHARS, DELETE_TOKEN -> out.subList(a, aEnd).clear();
                case DUPLICATE_CHARS, DUPLICATE_TOKEN -> out.addAll(aEnd, units.subList(a, aEnd));
                default -> {
                    // Swap [a, aEnd) with an equally long range starting at b, if they do not overlap.
                    int b = other % n;
                    int bEnd = Math.min(n, b + (aEnd - a));
                    if (bEnd <= a || b >= aEnd) {
                        int lo = Math.min(a, b);
                        int loEnd = lo == a ? aEnd : bEnd;
                        int hi = Math.max(a, b);
                        int hiEnd = hi == a ? aEnd : bEnd;
                        List<String> swapped = new ArrayList<>(units.subList(0, lo));
                        swapped.addAll(units.subList(hi, hiEnd));
                        swapped.addAll(units.subList(loEnd, hi));
                        swapped.addAll(units.subList(lo, loEnd));
                        swapped.addAll(units.subList(hiEnd, n));
                        out = swapped;
                    }
                }
            }
            return String.join("", out);
        }
    }

    private static Arbitrary<Mutation> mutation() {
        return Combinators.combine(Arbitraries.of(Kind.class), Arbitraries.integers().between(0, 1 << 20),
                        Arbitraries.integers().between(0, 1 << 20), Arbitraries.integers().between(1, 40), piece())
                .as(Mutation::new);
    }

    private static Arbitrary<String> piece() {
        return Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.of(POOL)),
                Tuple.of(1, Arbitraries.strings().withCharRange('\u0000', '\u00ff')
                        .withChars("é😀\uFEFF\uFFFD\u2028").ofMaxLength(4)));
    }

    // ---- (b) random token streams ----

    @Property(tries = 300)
    void randomTokenStreamsCompileCleanly(@ForAll("tokenStreams") String text) {
        check(text);
    }

    @Provide
    Arbitrary<String> tokenStreams() {
        Arbitrary<String> separator = Arbitraries.of("", " ", " ", "\n", "\r\n", "; ");
        Arbitrary<String> token = Combinators.combine(Arbitraries.of(POOL), separator).as(String::concat);
        Arbitrary<String> prefix = Arbitraries.of("", "", "model M {\n", "model M {\n    input x: (28, 28, 1)\n",
                "model M {\n    input t: (none) int32\n", "train M {\n", "block B(f, k=3) {\n");
        return Combinators.combine(prefix, token.list().ofMaxSize(120)).as((p, ts) -> p + String.join("", ts));
    }

    // ---- inputs that once broke a property (kept as plain examples) ----

    /** A token the parser conjures (`import` without a path, `model` without a name) had no position. */
    @Example
    void conjuredTokensHaveSpansInTheFile() {
        check("import");
        check("model {\n    input x: (4)\n    Dense(2)\n}\n");
        check("let = 3\nblock (f) { Dense(f) }\ntrain { epochs = 1 }\n");
    }

    /**
     * A model whose output depended on a syntax error (an input shape that did not parse, a
     * broken block) got IR with a null output shape, and the train check then crashed on it.
     */
    @Example
    void modelDependingOnASyntaxErrorHasNoIr() {
        String train = "train M { data = csv(\"d.csv\"); loss = mse; optimizer = Adam() }\n";
        for (String text : List.of(
                "model M {\n    input x: (4)\n    input y: )\n    a = x -> Dense(2)\n    output Concatenate(a, y)\n}\n" + train,
                "block B() { Dense(units=) }\nmodel M {\n    input x: (4)\n    a = x -> Dense(2)\n    output a -> B()\n}\n" + train)) {
            Compilation c = CompilerChecks.compile("ir.nnl", text);
            assertWellFormed(c);
            assertTrue(c.hasErrors() && c.models().isEmpty(), () -> c.models().toString());
        }
    }

    // ---- shared ----

    private static void check(String text) {
        assertWellFormed(CompilerChecks.compile("fuzz.nnl", text));
    }

    private static final Pattern TOKEN = Pattern.compile(
            "//[^\\r\\n]*|/\\*.*?\\*/|\"(?:\\\\.|[^\"\\\\\\r\\n])*\"|[A-Za-z_][A-Za-z0-9_]*|[0-9.]+(?:[eE][+-]?[0-9]+)?|->|\\s+|.",
            Pattern.DOTALL);

    /** A rough tokenization (comments, strings, words, numbers, arrows, space runs, single characters). */
    static List<String> tokens(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = TOKEN.matcher(text);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    private static List<String> chars(String text) {
        return text.codePoints().mapToObj(Character::toString).toList();
    }

    private static List<String> samples() {
        try (Stream<Path> files = Files.list(SAMPLES)) {
            List<String> texts = new ArrayList<>();
            for (Path p : files.filter(p -> p.toString().endsWith(".nnl")).sorted().toList()) {
                texts.add(Files.readString(p));
            }
            assertTrue(texts.size() >= 5, "samples not found in " + SAMPLES.toAbsolutePath());
            return texts;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> literals() {
        List<String> out = new ArrayList<>();
        for (int t = 1; t <= NnlLexer.VOCABULARY.getMaxTokenType(); t++) {
            String lit = NnlLexer.VOCABULARY.getLiteralName(t);
            if (lit != null) {
                out.add(lit.substring(1, lit.length() - 1));
            }
        }
        return out;
    }

    private static List<String> pool() {
        List<String> p = new ArrayList<>(LITERALS);
        p.addAll(Registry.names());
        p.addAll(List.of("relu", "softmax", "same", "valid", "causal", "none", "int32", "float32", "units",
                "activation", "kernel_size", "strides", "padding", "name", "return_sequences", "mask_zero",
                "merge_mode", "axis", "rate", "data", "loss", "optimizer", "epochs", "batch_size", "metrics",
                "Adam", "L2", "idx", "pretrained", "x", "y", "image", "M", "B",
                "0", "1", "2", "3", "7", "10", "28", "128", "-1", "0.5", "1e-3", "1e309", "9223372036854775808",
                "\"a\"", "\"relu\"", "\"\\q\"", "\"unterminated", "// nnl: allow(dropout-after-input)", "/* c */",
                "/* open", "\n", "\r", "\t", " -> ", "\u0000", "é", "😀"));
        p.addAll(Common.ACTIVATIONS.subList(0, 5));
        return List.copyOf(p);
    }
}
