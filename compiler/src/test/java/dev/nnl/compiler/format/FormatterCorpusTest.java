package dev.nnl.compiler.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnl.compiler.Compilation;
import dev.nnl.compiler.Compiler;
import dev.nnl.compiler.diag.Diagnostic;
import dev.nnl.compiler.golden.Golden;
import dev.nnl.compiler.source.SourceFile;
import dev.nnl.compiler.summary.SummaryJson;
import dev.nnl.grammar.NnlLexer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.Token;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The formatter's promises on every real file we have: the samples, the golden test inputs and
 * the examples in the docs. Formatting is idempotent, keeps every token and comment (only
 * whitespace and redundant {@code ;} change), and the formatted file checks with the same
 * diagnostics and builds the same models. The samples are already formatted. The golden pairs
 * in {@code golden/format/} pin the layout itself (re-bless with {@code -Dnnl.bless=true}).
 */
class FormatterCorpusTest {
    private static final Path ROOT = Golden.repoRoot();
    private static final Path FORMAT_DIR = ROOT.resolve("compiler/src/test/resources/golden/format");

    /** One input: its reported name, its path (for imports) and its text. */
    record Example(String name, Path path, String text) {
        SourceFile source() {
            return SourceFile.fromText(name, path, text);
        }

        SourceFile withText(String other) {
            return SourceFile.fromText(name, path, other);
        }
    }

    @TestFactory
    Stream<DynamicTest> samplesAreFormatted() {
        return samples().stream().map(e -> DynamicTest.dynamicTest(e.name(), () -> {
            Formatted f = Formatter.format(e.source());
            assertFalse(f.refused(), () -> f.diagnostics().toString());
            assertEquals(e.text(), f.text(), e.name() + " is not formatted: run `nnlc fmt " + e.name() + "`");
        }));
    }

    @TestFactory
    Stream<DynamicTest> formattingKeepsMeaning() {
        List<Example> all = new ArrayList<>(samples());
        all.addAll(goldenInputs());
        all.addAll(docsExamples());
        return all.stream().map(e -> DynamicTest.dynamicTest(e.name(), () -> {
            Formatted f = Formatter.format(e.source());
            if (f.refused()) {
                assertTrue(f.diagnostics().stream().allMatch(d -> d.code().isSyntax()), () -> f.diagnostics().toString());
                assertTrue(Compiler.compile(e.source()).diagnostics().stream().anyMatch(d -> d.code().isSyntax()),
                        "refused a file the compiler parses");
                return;
            }
            String once = f.text();
            assertEquals(once, Formatter.format(e.withText(once)).text(), "not idempotent");
            assertEquals(kept(e.text()), kept(once), "tokens changed");
            assertEquals(comments(e.text()), comments(once), "comments changed");
            Compilation before = Compiler.compile(e.source());
            Compilation after = Compiler.compile(e.withText(once));
            assertEquals(codes(before), codes(after), "diagnostics changed");
            assertEquals(models(before), models(after), "models changed");
        }));
    }

    @TestFactory
    Stream<DynamicTest> goldenLayouts() {
        List<Path> inputs = Golden.nnlFiles(FORMAT_DIR);
        assertFalse(inputs.isEmpty(), "no inputs in " + FORMAT_DIR);
        return inputs.stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> {
            Formatted f = Formatter.format(SourceFile.decode(p.getFileName().toString(), p, Files.readAllBytes(p)));
            assertFalse(f.refused(), () -> f.diagnostics().toString());
            assertFalse(Files.readString(p).equals(f.text()), "a golden input should need formatting");
            Golden.assertGolden(Golden.sibling(p.getParent(), p, ".out"), f.text());
        }));
    }

    @Test
    void theCorporaAreThere() {
        assertTrue(samples().size() >= 10, "samples");
        assertTrue(goldenInputs().size() >= 50, "golden inputs");
        assertTrue(docsExamples().size() >= 20, "docs examples");
    }

    // ---- what must not change ----

    /**
     * Every token but whitespace, line breaks and {@code ;}, as {@code TYPE text}; a comment's
     * lines without the blanks around them (re-indenting may change those).
     */
    static List<String> kept(String text) {
        List<String> out = new ArrayList<>();
        for (Token t : tokens(text)) {
            int type = t.getType();
            if (type != NnlLexer.WS && type != NnlLexer.NL && type != NnlLexer.SEMI) {
                out.add(NnlLexer.VOCABULARY.getSymbolicName(type) + " " + normalizedComment(t));
            }
        }
        return out;
    }

    static List<String> comments(String text) {
        return tokens(text).stream()
                .filter(t -> t.getType() == NnlLexer.LINE_COMMENT || t.getType() == NnlLexer.BLOCK_COMMENT)
                .map(FormatterCorpusTest::normalizedComment).toList();
    }

    private static String normalizedComment(Token t) {
        if (t.getType() != NnlLexer.LINE_COMMENT && t.getType() != NnlLexer.BLOCK_COMMENT) {
            return t.getText();
        }
        return String.join("\n", t.getText().lines().map(String::strip).toList());
    }

    private static List<? extends Token> tokens(String text) {
        NnlLexer lexer = new NnlLexer(CharStreams.fromString(text));
        lexer.removeErrorListeners();
        return lexer.getAllTokens();
    }

    private static List<String> codes(Compilation c) {
        return c.diagnostics().stream().map(Diagnostic::code).map(Enum::name).sorted().toList();
    }

    private static Map<String, String> models(Compilation c) {
        Map<String, String> out = new TreeMap<>();
        c.models().forEach((name, m) -> out.put(name, SummaryJson.render(m, false)));
        return out;
    }

    // ---- corpora ----

    static List<Example> samples() {
        return files(ROOT.resolve("samples"), false);
    }

    /** Every {@code .nnl} under the golden folders, helpers for import tests included. */
    static List<Example> goldenInputs() {
        return files(ROOT.resolve("compiler/src/test/resources/golden"), true);
    }

    private static List<Example> files(Path dir, boolean recursive) {
        try (Stream<Path> s = recursive ? Files.walk(dir) : Files.list(dir)) {
            List<Example> out = new ArrayList<>();
            for (Path p : s.filter(p -> p.toString().endsWith(".nnl")).sorted().toList()) {
                SourceFile decoded = SourceFile.decode(ROOT.relativize(p).toString(), p, Files.readAllBytes(p));
                // Text cannot carry invalid UTF-8 (FormatterTest covers refusing it).
                if (decoded.invalidUtf8Offsets().isEmpty()) {
                    out.add(new Example(decoded.name(), p, decoded.text()));
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final Pattern FENCE = Pattern.compile("(?m)^( *)```nnl\\n(.*?)^\\1```", Pattern.DOTALL);

    /** The {@code ```nnl} blocks of the docs, list-item indentation removed. */
    static List<Example> docsExamples() {
        List<Example> out = new ArrayList<>();
        for (String doc : List.of("docs/language.md", "docs/cli.md", "README.md")) {
            String text;
            try {
                text = Files.readString(ROOT.resolve(doc));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Matcher m = FENCE.matcher(text);
            while (m.find()) {
                int indent = m.group(1).length();
                StringBuilder body = new StringBuilder();
                m.group(2).lines().forEach(l -> body.append(l.length() >= indent ? l.substring(indent) : l.strip()).append('\n'));
                int line = text.substring(0, m.start()).split("\n", -1).length;
                out.add(new Example(doc + ":" + line, null, body.toString()));
            }
        }
        return out;
    }
}
