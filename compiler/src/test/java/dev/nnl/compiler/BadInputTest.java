package dev.nnl.compiler;

import static dev.nnl.compiler.CompilerChecks.assertWellFormed;
import static dev.nnl.compiler.CompilerChecks.codes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnl.compiler.BadInputs.BadInput;
import dev.nnl.compiler.diag.Code;
import dev.nnl.compiler.diag.Diagnostic;
import dev.nnl.compiler.ir.LayerNode;
import dev.nnl.compiler.ir.ModelIR;
import dev.nnl.compiler.source.Position;
import dev.nnl.compiler.source.SourceFile;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Hostile input: no exception, no hang, no out-of-memory; the right diagnostics, at the right place. */
class BadInputTest {

    /** Every case: compiles in time, well-formed diagnostics, exactly the expected codes. */
    @TestFactory
    Stream<DynamicTest> everyBadInputCompilesCleanly() {
        return BadInputs.all().stream().map(b -> DynamicTest.dynamicTest(b.name(), () -> {
            Compilation c = compile(b);
            assertWellFormed(c);
            assertEquals(new TreeSet<>(b.expected()), codes(c), () -> b.name() + first(c));
        }));
    }

    // ---- precise checks on single cases ----

    @Test
    void lineEndingsDoNotMovePositions() {
        String lf = BadInputs.model("    Dense(8, activation=relu)\n\n    Dense(2, unit=3)");
        List<String> expected = located(compile("lf.nnl", lf));
        assertEquals(List.of("NNL2002@4:13"), expected);
        assertEquals(expected, located(compile("crlf.nnl", lf.replace("\n", "\r\n"))));
        assertEquals(expected, located(compile("cr.nnl", lf.replace("\n", "\r"))));
    }

    @Test
    void byteOrderMarkIsSkippedAndDoesNotShiftColumns() {
        String text = "model Net { input x: (4); Dense(2, unit=1) }\n";
        SourceFile f = SourceFile.decode("bom.nnl", null, ("\uFEFF" + text).getBytes(StandardCharsets.UTF_8));
        assertEquals(text, f.text());
        assertEquals(List.of("NNL2002@0:" + text.indexOf("unit")), located(compile(f)));
    }

    @Test
    void nonAsciiIdentifierIsReportedAtItsCharacter() {
        List<Diagnostic> all = compile(BadInputs.named("non-ASCII identifier")).diagnostics();
        assertEquals(1, all.size(), () -> all.toString());
        Diagnostic d = all.get(0);
        assertEquals(Code.UNEXPECTED_CHARACTER, d.code());
        assertEquals(new Position(2, "    Dense(8, activation=r".length()), d.span().startPosition());
        assertEquals(1, d.span().end() - d.span().start());
        assertTrue(d.message().contains("U+00E9"), d.message());
    }

    /** A word with non-ASCII letters costs one error at its first such letter, wherever it stands. */
    @ParameterizedTest
    @ValueSource(strings = {
        "    Dénse(8)",
        "    Dense(ünits=8)",
        "    Dense(8, kernel_initializer=GlorotÜniform(seed=1))",
        "    größe = x -> Dense(8, activation=relu)\n    output größe -> Dense(2)",
        "    Dense(8)\n    Bidirectional(LSTMé(4))",
        "    Add(x, çà)",
    })
    void nonAsciiWordsAreReportedOnceEach(String body) {
        SourceFile f = SourceFile.of("w.nnl", BadInputs.model(body));
        List<String> expected = new ArrayList<>();
        Matcher word = Pattern.compile("[\\w\\p{L}]*[^\\x00-\\x7f][\\w\\p{L}]*").matcher(f.text());
        while (word.find()) {
            int at = word.start() + word.group().replaceAll("[^\\x00-\\x7f].*", "").length();
            Position p = f.position(at);
            expected.add("NNL1002@" + p.line() + ":" + p.character());
        }
        assertEquals(expected, located(compile(f)));
    }

    @Test
    void nulIsReportedAsAControlCharacter() {
        Diagnostic d = compile(BadInputs.named("NUL bytes in a model")).diagnostics().get(0);
        assertEquals(new Position(2, "    Dense(8,".length()), d.span().startPosition());
        assertTrue(d.message().contains("U+0000"), d.message());
    }

    @Test
    void invalidUtf8IsReportedWhereTheBytesAre() {
        Compilation c = compile(BadInputs.named("invalid UTF-8 bytes"));
        List<String> where = located(c).stream().filter(s -> s.startsWith(Code.INVALID_UTF8.id())).toList();
        int comment = "// comment with bad bytes: ".length();
        int string = "    Dense(2, name=\"out".length();
        assertEquals(List.of("NNL1001@0:" + comment, "NNL1001@0:" + (comment + 1), "NNL1001@0:" + (comment + 2),
                "NNL1001@3:" + string), where);
    }

    @Test
    void deepExpressionsEvaluateExactly() {
        assertEquals(3, lastDense(compile(BadInputs.named("10,000 unary minus signs"))).outputShapes().get(0).last());
        assertEquals(100_000, lastDense(compile(BadInputs.named("100,000-term sum"))).outputShapes().get(0).last());
    }

    @Test
    void tenThousandLayersCheckWithKerasNames() {
        ModelIR ir = compile(BadInputs.named("10,000-layer model")).models().get("Net");
        assertEquals(10_000, ir.layers().size());
        assertEquals("dense_9999", ir.layers().get(9_999).name());
        assertEquals(20 + 9_999 * 20, ir.totalParams());
    }

    @Test
    void fiveThousandModelsAllCheck() {
        Compilation c = compile(BadInputs.named("5,000 models"));
        assertEquals(5_000, c.modelNames().size());
        assertEquals(5_000, c.models().size());
    }

    @Test
    void garbageStopsAtTheErrorLimit() {
        Compilation c = compile(BadInputs.named("binary garbage"));
        assertTrue(c.diagnostics().size() < 200, () -> c.diagnostics().size() + " diagnostics for 16 KiB of noise");
        assertTrue(codes(c).contains(Code.TOO_MANY_ERRORS), () -> codes(c).toString());
    }

    /**
     * Large inputs, generated here rather than in {@link BadInputs} (which the CLI's tests run one
     * process each). Parsing was quadratic in a run of blank lines: 40,000 took 5 s, 80,000 18 s.
     */
    @ParameterizedTest
    @ValueSource(strings = {"\n", "// a comment line\n", "/* a block comment */\n", ";", "   \t\n"})
    void twoHundredThousandEmptyLinesCheckInLinearTime(String line) {
        Compilation c = compile("lines.nnl", line.repeat(200_000) + BadInputs.model("    Dense(2)")
                + line.repeat(200_000));
        assertEquals(List.of(), located(c));
        assertEquals(1, c.models().size());
    }

    /** Just under the CLI's 64 MiB cap: a model in 60 MB of comments and blank lines. */
    @Test
    void sixtyMegabyteFileChecksInSeconds() {
        String filler = ("// " + "x".repeat(60) + "\n\n").repeat(30 * 1024 * 1024 / 65);
        Compilation c = compile("big.nnl", filler + BadInputs.model("    Dense(2)\n" + "\n".repeat(1_000_000)) + filler);
        assertEquals(List.of(), located(c));
        assertEquals(1, c.models().size());
    }

    // ---- helpers ----

    /** Each case compiles once; the precise tests reuse the result (compilations are immutable). */
    private static final Map<String, Compilation> COMPILED = new ConcurrentHashMap<>();

    private static Compilation compile(BadInput b) {
        return COMPILED.computeIfAbsent(b.name(), n -> CompilerChecks.compile(SourceFile.decode(n, null, b.bytes())));
    }

    private static Compilation compile(String name, String text) {
        return CompilerChecks.compile(name, text);
    }

    private static Compilation compile(SourceFile f) {
        return CompilerChecks.compile(f);
    }

    /** {@code CODE@line:character}, 0-based, for each diagnostic. */
    private static List<String> located(Compilation c) {
        return c.diagnostics().stream().map(d -> {
            Position p = d.span().startPosition();
            return d.code().id() + "@" + p.line() + ":" + p.character();
        }).toList();
    }

    private static LayerNode lastDense(Compilation c) {
        assertFalse(c.hasErrors(), () -> codes(c).toString());
        List<LayerNode> layers = c.models().get("Net").layers();
        return layers.get(layers.size() - 1);
    }

    private static String first(Compilation c) {
        return c.diagnostics().isEmpty() ? "" : "; first: " + c.diagnostics().get(0).message();
    }
}
