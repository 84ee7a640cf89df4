package dev.nnl.compiler;

import static dev.nnl.compiler.CompilerChecks.compile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnl.compiler.diag.Code;
import dev.nnl.compiler.diag.Diagnostic;
import dev.nnl.compiler.diag.Diagnostics;
import dev.nnl.compiler.source.SourceFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One error limit for a file, parse and check alike ({@link Diagnostics#MAX_ERRORS_PER_FILE}):
 * the 51st error becomes NNL1008 and nothing more of that file is reported.
 */
class ErrorLimitTest {
    private static final int LIMIT = Diagnostics.MAX_ERRORS_PER_FILE;

    /** {@code n} independent bindings, each with an unknown activation: n checker errors, and an unused-name warning each. */
    private static String unknownActivations(String model, int n) {
        StringBuilder sb = new StringBuilder("model " + model + " {\n    input x: (4)\n");
        for (int i = 0; i < n; i++) {
            sb.append("    a").append(i).append(" = x -> Dense(2, activation=relu").append(i).append("x)\n");
        }
        return sb.append("    output x\n}\n").toString();
    }

    private static List<Diagnostic> errors(Compilation c, String file) {
        return c.diagnostics().stream().filter(d -> d.isError() && d.span().file().name().equals(file)).toList();
    }

    @Test
    void checkerErrorsStopAtTheLimit() {
        Compilation c = compile("many.nnl", unknownActivations("Net", 80));
        List<Diagnostic> errors = errors(c, "many.nnl");
        assertEquals(LIMIT + 1, errors.size(), () -> errors.toString());
        assertTrue(errors.subList(0, LIMIT).stream().allMatch(d -> d.code() == Code.UNKNOWN_SYMBOL), errors::toString);
        Diagnostic last = errors.get(LIMIT);
        assertEquals(Code.TOO_MANY_ERRORS, last.code());
        assertEquals("too many errors (50); stopped checking this file", last.message());
        // At the 51st error, the binding of a50 (line 53: two lines of header first).
        assertEquals(52, last.span().startPosition().line());
        // Past the limit nothing more is reported, warnings included.
        assertTrue(c.diagnostics().stream().noneMatch(d -> d.span().start() > last.span().start()), c.diagnostics()::toString);
        assertEquals(LIMIT + 1, c.diagnostics().stream().filter(Diagnostic::isError).count());
    }

    @Test
    void fiftyErrorsAreAllReportedWithoutTheLimitError() {
        Compilation c = compile("fifty.nnl", unknownActivations("Net", LIMIT));
        List<Diagnostic> errors = errors(c, "fifty.nnl");
        assertEquals(LIMIT, errors.size());
        assertTrue(errors.stream().noneMatch(d -> d.code() == Code.TOO_MANY_ERRORS));
    }

    @Test
    void syntaxAndCheckerErrorsShareTheOneLimit() {
        // A first model that does not parse (it is then not checked), a second with checker errors.
        String broken = "model Broken {\n    input x: (4)\n" + "    Dense(2,, 3))\n".repeat(20) + "}\n";
        int syntax = (int) compile("broken.nnl", broken).diagnostics().stream().filter(Diagnostic::isError).count();
        assertTrue(syntax >= 10 && syntax < LIMIT, () -> syntax + " syntax errors");
        Compilation c = compile("both.nnl", broken + unknownActivations("Net", 80));
        List<Diagnostic> errors = errors(c, "both.nnl");
        assertEquals(LIMIT + 1, errors.size());
        assertEquals(syntax, errors.stream().filter(d -> d.code().isSyntax() && d.code() != Code.TOO_MANY_ERRORS).count());
        assertEquals(LIMIT - syntax, errors.stream().filter(d -> d.code() == Code.UNKNOWN_SYMBOL).count());
        assertEquals(Code.TOO_MANY_ERRORS, errors.get(LIMIT).code());
    }

    @Test
    void eachFileHasItsOwnLimit(@TempDir Path dir) throws IOException {
        // 60 failing constants in an imported file, 3 errors of the importing file's own.
        StringBuilder lib = new StringBuilder();
        for (int i = 0; i < 60; i++) {
            lib.append("let k").append(i).append(" = 1 / 0\n");
        }
        Files.writeString(dir.resolve("lib.nnl"), lib);
        Path main = dir.resolve("main.nnl");
        Files.writeString(main, "import \"lib.nnl\"\n" + unknownActivations("Net", 3));
        Compilation c = compile(SourceFile.decode("main.nnl", main, Files.readAllBytes(main)));
        List<Diagnostic> inLib = errors(c, "lib.nnl");
        assertEquals(LIMIT + 1, inLib.size(), inLib::toString);
        assertEquals(Code.TOO_MANY_ERRORS, inLib.get(LIMIT).code());
        assertEquals(3, errors(c, "main.nnl").size(), c.diagnostics()::toString);
    }
}
