package dev.nnl.cli;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.nnl.compiler.BadInputs;
import dev.nnl.compiler.BadInputs.BadInput;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/** The nnlc command-line contract of docs/cli.md (output formats and exit codes), through {@link Main#run}. */
class CliTest {
    private static final String OK = BadInputs.model("    Dense(8, activation=relu)\n    Dense(3, activation=softmax)");
    /** One error: Dense has no argument `unit` (line 3, 0-based 2). */
    private static final String ERROR = BadInputs.model("    Dense(8, unit=3)");
    /** One lint: dropout-after-input (NNL5001). */
    private static final String LINT = BadInputs.model("    Dropout(0.2)\n    Dense(3, activation=softmax)");

    @TempDir
    Path dir;

    /** What one nnlc run returned and printed. */
    record Run(int code, String out, String err) {
        Run expect(int expected) {
            assertEquals(expected, code, () -> "exit code; stdout:\n" + out + "\nstderr:\n" + err);
            return this;
        }

        String both() {
            return out + err;
        }
    }

    private static Run nnlc(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    /** Runs with {@code stdin} as standard input (the commands read {@link System#in} for {@code -}). */
    private static Run nnlcWithStdin(String stdin, String... args) {
        InputStream saved = System.in;
        System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        try {
            return nnlc(args);
        } finally {
            System.setIn(saved);
        }
    }

    private String file(String name, String text) {
        return file(name, text.getBytes(StandardCharsets.UTF_8));
    }

    private String file(String name, byte[] bytes) {
        try {
            return Files.write(dir.resolve(name), bytes).toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonObject json(String text) {
        return JsonParser.parseString(text).getAsJsonObject();
    }

    /** The gcc-format lines that carry {@code code}. */
    private static List<String> lines(Run r, String code) {
        return r.out().lines().filter(l -> l.endsWith("[" + code + "]")).toList();
    }

    // ---- exit codes ----

    @Test
    void exitCodes() {
        String ok = file("ok.nnl", OK);
        String bad = file("bad.nnl", ERROR);
        assertAll(
                () -> nnlc("check", ok).expect(0),
                () -> nnlc("check", bad).expect(1),
                () -> nnlc("check", "--frobnicate", ok).expect(2),
                () -> nnlc("check", "--format", "xml", ok).expect(2),
                () -> nnlc("summary", "--format", "xml", ok).expect(2),
                () -> nnlc("check", dir.resolve("missing.nnl").toString()).expect(3),
                () -> nnlc("summary", dir.resolve("missing.nnl").toString()).expect(3),
                () -> nnlc("check", dir.toString()).expect(3),
                () -> nnlc("check", ok, dir.resolve("missing.nnl").toString()).expect(3),
                () -> nnlc("check", bad, dir.resolve("missing.nnl").toString()).expect(1));
    }

    /**
     * A chain of 30 linear Dense layers draws 29 NNL5002 warnings: the human format shows 10 and
     * counts the rest, and its count line counts all; gcc and json list every one.
     */
    @Test
    void repeatedWarningsAreGroupedInTheHumanFormatOnly() {
        String chain = file("chain.nnl", BadInputs.model("    x" + " -> Dense(8)".repeat(30)));
        Run human = nnlc("check", chain).expect(0);
        assertEquals(10, human.err().lines().filter(l -> l.startsWith("warning[NNL5002]")).count(), human.err());
        assertTrue(human.err().endsWith("\u2026 and 19 more NNL5002 warnings (linear-stack); "
                + "`nnlc check --format json` lists them all\n\nwarning: 29 warnings emitted\n"), human.err());
        assertEquals(29, lines(nnlc("check", "--format", "gcc", chain).expect(0), "NNL5002").size());
        JsonArray diagnostics = json(nnlc("check", "--format", "json", chain).expect(0).out())
                .getAsJsonArray("files").get(0).getAsJsonObject().getAsJsonArray("diagnostics");
        assertEquals(29, diagnostics.size());
        // --Werror makes them errors; they are grouped all the same, and the run fails.
        Run werror = nnlc("check", "--Werror", chain).expect(1);
        assertTrue(werror.err().contains("\u2026 and 19 more NNL5002 errors (linear-stack);"), werror.err());
        assertTrue(werror.err().endsWith("error: 29 errors emitted\n"), werror.err());
    }

    @Test
    void missingFileAndDirectoryAreNamedInTheMessage() {
        assertTrue(nnlc("check", dir.toString()).expect(3).err().contains("is a directory"));
        assertTrue(nnlc("check", dir.resolve("nope.nnl").toString()).expect(3).err().contains("nope.nnl: no such file"));
    }

    /**
     * A FIFO (opening one blocks until a writer comes) and a device that never ends, as a model,
     * as an artifact and as an import: each is refused at once, naming the file.
     */
    @Test
    void fifosAndDevicesAreRefusedNotRead() throws Exception {
        Path fifo = dir.resolve("pipe.nnl");
        try {
            assumeTrue(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0, "mkfifo failed");
        } catch (IOException e) {
            assumeTrue(false, "no mkfifo here");
        }
        assumeTrue(Files.exists(Path.of("/dev/zero")), "no /dev/zero here");
        String importing = file("imports.nnl", "import \"pipe.nnl\"\n" + OK);
        Duration limit = Duration.ofSeconds(30);
        for (String command : List.of("check", "summary", "train")) {
            assertTrue(assertTimeoutPreemptively(limit, () -> nnlc(command, fifo.toString())).expect(3).err()
                    .contains(fifo + ": is not a regular file"), command);
            assertTrue(assertTimeoutPreemptively(limit, () -> nnlc(command, "/dev/zero")).expect(3).err()
                    .contains("/dev/zero: is not a regular file"), command);
        }
        assertTrue(assertTimeoutPreemptively(limit, () -> nnlc("check", importing)).expect(1).both()
                .contains("cannot import \"pipe.nnl\": " + dir.resolve("pipe.nnl") + " is not a regular file"));
        assertTrue(assertTimeoutPreemptively(limit, () -> nnlc("predict", fifo.toString(), "/dev/zero")).code() != 0);
    }

    // ---- output formats ----

    @Test
    void jsonUsesZeroBasedUtf16Positions() {
        // 😀 is two UTF-16 units and one code point: JSON counts 2, gcc counts 1.
        String line = "    Dense(8, name=\"😀\", unit=3)";
        String path = file("emoji.nnl", BadInputs.model(line));
        JsonObject root = json(nnlc("check", "--format", "json", path).expect(1).out());
        JsonArray files = root.getAsJsonArray("files");
        assertEquals(1, files.size());
        assertEquals(path, files.get(0).getAsJsonObject().get("file").getAsString());
        JsonObject d = files.get(0).getAsJsonObject().getAsJsonArray("diagnostics").get(0).getAsJsonObject();
        assertEquals("error", d.get("severity").getAsString());
        assertEquals("NNL2002", d.get("code").getAsString());
        JsonObject start = d.getAsJsonObject("range").getAsJsonObject("start");
        JsonObject end = d.getAsJsonObject("range").getAsJsonObject("end");
        int utf16 = line.indexOf("unit");
        assertEquals(2, start.get("line").getAsInt());
        assertEquals(utf16, start.get("character").getAsInt());
        assertEquals(2, end.get("line").getAsInt());
        assertEquals(utf16 + "unit".length(), end.get("character").getAsInt());

        int codePoints = line.codePointCount(0, utf16);
        assertEquals(utf16 - 1, codePoints);
        assertEquals(List.of(path + ":3:" + (codePoints + 1) + ": error: `Dense` has no argument `unit`; help: did you mean `units`? [NNL2002]"),
                lines(nnlc("check", "--format", "gcc", path).expect(1), "NNL2002"));
    }

    @Test
    void gccIsOneBasedOneLinePerDiagnostic() {
        String path = file("two.nnl", BadInputs.model("    Dense(8, unit=3)\n    Dropout(2)"));
        List<String> out = nnlc("check", "--format", "gcc", path).expect(1).out().lines().toList();
        assertEquals(2, out.size(), () -> out.toString());
        for (String l : out) {
            assertTrue(l.matches(Pattern.quote(path) + ":[1-9][0-9]*:[1-9][0-9]*: error: .+ \\[NNL[0-9]{4}]"), l);
        }
        assertTrue(out.get(0).startsWith(path + ":3:14: error:"), out.get(0));
        assertTrue(out.get(1).startsWith(path + ":4:13: error:"), out.get(1));
    }

    // ---- warnings ----

    @Test
    void werrorNoWarnAndAllow() {
        String path = file("lint.nnl", LINT);
        assertEquals(1, lines(nnlc("check", "--format", "gcc", path).expect(0), "NNL5001").size());
        assertTrue(lines(nnlc("check", "--format", "gcc", "--Werror", path).expect(1), "NNL5001").get(0).contains(": error: "));
        assertEquals(List.of(), lines(nnlc("check", "--format", "gcc", "--no-warn", path).expect(0), "NNL5001"));
        assertEquals(List.of(), lines(nnlc("check", "--format", "gcc", "--allow", "dropout-after-input", path).expect(0), "NNL5001"));
        assertEquals(List.of(), lines(nnlc("check", "--format", "gcc", "--allow", "NNL5001", "--Werror", path).expect(0), "NNL5001"));
        assertTrue(nnlc("check", "--allow", "dropout-after-inputs", path).expect(2).err().contains("dropout-after-inputs"));
    }

    @Test
    void allowCommentInTheFile() {
        String alone = file("alone.nnl", LINT.replace("    Dropout", "    // nnl: allow(dropout-after-input)\n    Dropout"));
        String trailing = file("trailing.nnl", LINT.replace("Dropout(0.2)", "Dropout(0.2)  // nnl: allow(dropout-after-input)"));
        String other = file("other.nnl", LINT.replace("Dropout(0.2)", "Dropout(0.2)  // nnl: allow(linear-stack)"));
        assertEquals(List.of(), lines(nnlc("check", "--format", "gcc", "--Werror", alone).expect(0), "NNL5001"));
        assertEquals(List.of(), lines(nnlc("check", "--format", "gcc", "--Werror", trailing).expect(0), "NNL5001"));
        assertEquals(1, lines(nnlc("check", "--format", "gcc", other).expect(0), "NNL5001").size());
    }

    // ---- standard input, argument order, model choice ----

    @Test
    void dashReadsStandardInput() {
        assertTrue(nnlcWithStdin(ERROR, "check", "--format", "gcc", "-").expect(1).out().startsWith("<stdin>:3:"));
        assertTrue(nnlcWithStdin(ERROR, "check", "--format", "gcc", "--stdin-name", "mine.nnl", "-").expect(1)
                .out().startsWith("mine.nnl:3:"));
        assertEquals("Net", json(nnlcWithStdin(OK, "summary", "-", "--format", "json").expect(0).out()).get("model").getAsString());
    }

    @Test
    void optionsMayFollowFiles() {
        String path = file("two_models.nnl", OK + OK.replace("model Net", "model Other"));
        JsonObject s = json(nnlc("summary", path, "--format", "json", "--model", "Net").expect(0).out());
        assertEquals("Net", s.get("model").getAsString());
        assertEquals(2, s.get("layers").getAsJsonArray().size());
        assertEquals(4 * 8 + 8 + 8 * 3 + 3, s.get("total_params").getAsLong());
        assertEquals(1, lines(nnlc("check", path, "--format", "gcc", "--Werror", file("lint.nnl", LINT)).expect(1), "NNL5001").size());
    }

    @Test
    void fileWithoutModel() {
        String path = file("blocks.nnl", "let classes = 10\nblock Head(n) {\n    Dense(n)\n}\n");
        assertEquals(1, lines(nnlc("check", "--format", "gcc", path).expect(0), "NNL2025").size());
        assertTrue(nnlc("summary", "--color", "never", path).expect(1).err().contains("defines no model"));
    }

    @Test
    void severalModelsNeedModelOption() {
        String path = file("two.nnl", OK + OK.replace("model Net", "model Other"));
        String err = nnlc("summary", "--color", "never", path).expect(1).err();
        assertTrue(err.contains("Net") && err.contains("Other") && err.contains("--model"), err);
        assertTrue(nnlc("summary", "--color", "never", "--model", "Nett", path).expect(1).err().contains("no model named `Nett`"));
    }

    @Test
    void summaryOfAHugeModelDoesNotWrapAround() {
        // 3 * 2^61 parameters: 4 bytes each is past 2^63, which a long multiplication wrapped to 8 EB.
        String path = file("huge.nnl", "model Net {\n    input x: (2)\n    Dense(2305843009213693952)\n}\n");
        String out = nnlc("summary", path).expect(0).out();
        assertTrue(out.contains("Total params: 6,917,529,027,641,081,856 (24.00 EB)"), out);
    }

    // ---- informational commands ----

    @Test
    void helpOnEveryCommand() {
        List<String> commands = Main.SUBCOMMANDS.stream().map(Main::name).toList();
        assertTrue(commands.containsAll(List.of("check", "summary", "layers", "explain")), commands::toString);
        assertTrue(nnlc("--help").expect(0).out().contains("Usage: nnlc"));
        for (String c : commands) {
            assertTrue(nnlc(c, "--help").expect(0).out().contains("Usage: nnlc " + c), c);
        }
    }

    @Test
    void layersAndExplain() {
        assertTrue(nnlc("layers").expect(0).out().lines().anyMatch(l -> l.matches(".*\\bConv2D\\b.*")));
        assertTrue(nnlc("explain", "Conv2D").expect(0).out().contains("kernel_size"));
        assertTrue(nnlc("explain", "Dens").expect(2).err().contains("did you mean `Dense`"));
    }

    /** docs/tutorial.md section 9: `nnlc explain NNL5001`, from the catalog docs/diagnostics.md is made from. */
    @Test
    void explainDiagnosticCodesAndLints() {
        String code = nnlc("explain", "NNL5001").expect(0).out();
        assertTrue(code.startsWith("NNL5001 — Dropout after input\n"), code);
        assertTrue(code.contains("lint name: dropout-after-input") && code.contains("put Dropout after a hidden layer")
                && code.contains("--allow dropout-after-input") && code.contains("docs/diagnostics.md#nnl5001--dropout-after-input"), code);
        assertEquals(code, nnlc("explain", "nnl5001").expect(0).out(), "codes in any case");
        assertEquals(code, nnlc("explain", "dropout-after-input").expect(0).out(), "or the lint's name");
        String error = nnlc("explain", "NNL2002").expect(0).out();
        assertTrue(error.startsWith("NNL2002 — Unknown argument\n") && error.contains("Severity: error") && !error.contains("allow"), error);
        assertEquals("error: no layer, diagnostic code or lint named `dropout-after-inptu`; did you mean `dropout-after-input`?\n",
                nnlc("explain", "dropout-after-inptu").expect(2).err());
        assertTrue(nnlc("explain", "no-such-thing").expect(2).err().contains("`nnlc layers` lists the layers, docs/diagnostics.md the codes and lints"));
    }

    // ---- hostile input ----

    /** Every case of the compiler's bad-input catalogue, through `check`: no stack trace, the right exit code. */
    @TestFactory
    Stream<DynamicTest> badInputsNeverPrintAStackTrace() {
        return BadInputs.all().stream().map(b -> DynamicTest.dynamicTest(b.name(), () -> {
            Run r = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> nnlc("check", file("case.nnl", b.bytes())));
            assertNoStackTrace(b.name(), r);
            r.expect(b.expectsErrors() ? 1 : 0);
        }));
    }

    /** All of them in one `check --format json` run: one parseable object with an entry per file. */
    @Test
    void badInputsAsJson() {
        List<String> args = new ArrayList<>(List.of("check", "--format", "json"));
        List<BadInput> all = BadInputs.all();
        for (int i = 0; i < all.size(); i++) {
            args.add(file("case" + i + ".nnl", all.get(i).bytes()));
        }
        Run r = assertTimeoutPreemptively(Duration.ofSeconds(120), () -> nnlc(args.toArray(String[]::new))).expect(1);
        assertNoStackTrace("all", r);
        assertEquals(all.size(), json(r.out()).getAsJsonArray("files").size());
    }

    private static void assertNoStackTrace(String name, Run r) {
        assertFalse(r.both().contains("Exception") || r.both().contains("\tat ") || r.code() == ExitCode.INTERNAL,
                () -> name + ": " + r.err());
    }
}
