package dev.nnl.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import dev.nnl.cli.TrainCliTest.Run;
import dev.nnl.compiler.BadInputs;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/** {@code nnlc fmt}: in place, {@code --check}, standard input, and files it must not touch. */
class FmtCliTest {
    private static final String MESSY = "model M{\n  input x:(4)\n\n\n  Dense(8,activation = relu) // hidden\n  Dense(1)\n}";
    private static final String FORMATTED = "model M {\n    input x: (4)\n\n    Dense(8, activation=relu)        // hidden\n    Dense(1)\n}\n";
    private static final String BROKEN = "model M {\n    input x: (4)\n    Dense(8 activation=relu)\n}\n";

    @TempDir
    Path dir;

    private Path file(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    private static Run nnlc(String... args) {
        return TrainCliTest.nnlc(args);
    }

    private static Run nnlcWithStdin(String stdin, String... args) {
        InputStream saved = System.in;
        System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        try {
            return nnlc(args);
        } finally {
            System.setIn(saved);
        }
    }

    @Test
    void rewritesTheFileAndSaysNothing() throws IOException {
        Path p = file("m.nnl", MESSY);
        Run r = nnlc("fmt", p.toString());
        assertEquals(new Run(0, "", ""), r);
        assertEquals(FORMATTED, Files.readString(p));
        assertEquals(List.of("m.nnl"), listing(), "no temporary file left behind");
    }

    @Test
    void aFormattedFileIsNotWritten() throws IOException {
        Path p = file("m.nnl", FORMATTED);
        FileTime old = FileTime.fromMillis(1_000_000_000_000L);
        Files.setLastModifiedTime(p, old);
        assertEquals(0, nnlc("fmt", p.toString()).code());
        assertEquals(old, Files.getLastModifiedTime(p));
    }

    @Test
    void checkListsTheFilesThatWouldChangeAndChangesNothing() throws IOException {
        Path messy = file("messy.nnl", MESSY);
        Path clean = file("clean.nnl", FORMATTED);
        Run r = nnlc("fmt", "--check", clean.toString(), messy.toString());
        assertEquals(1, r.code());
        assertEquals(messy + "\n", r.out());
        assertEquals("1 file is not formatted: run `nnlc fmt` on it\n", r.err());
        assertEquals(MESSY, Files.readString(messy));
        assertEquals(new Run(0, "", ""), nnlc("fmt", "--check", clean.toString()));
    }

    @Test
    void standardInputGoesToStandardOutput() {
        assertEquals(new Run(0, FORMATTED, ""), nnlcWithStdin(MESSY, "fmt", "-"));
        assertEquals(new Run(0, FORMATTED, ""), nnlcWithStdin(FORMATTED, "fmt", "-"));
        Run check = nnlcWithStdin(MESSY, "fmt", "--check", "--stdin-name", "buffer.nnl", "-");
        assertEquals(1, check.code());
        assertEquals("buffer.nnl\n", check.out());
    }

    @Test
    void aFileWithSyntaxErrorsIsReportedAndLeftAlone() throws IOException {
        Path p = file("broken.nnl", BROKEN);
        Run human = nnlc("fmt", "--color", "never", p.toString());
        assertEquals(1, human.code());
        assertEquals("", human.out());
        assertTrue(human.err().startsWith("error[NNL1003]: expected "), human.err());
        assertTrue(human.err().contains(p + ":3:13"), human.err());
        assertTrue(human.err().endsWith("error: 1 error emitted\n"), human.err());
        assertEquals(BROKEN, Files.readString(p));

        Run gcc = nnlc("fmt", "--format", "gcc", p.toString());
        assertEquals(1, gcc.code());
        assertEquals("", gcc.out());
        assertTrue(gcc.err().startsWith(p + ":3:13: error: expected "), gcc.err());

        Run json = nnlc("fmt", "--check", "--format=json", p.toString());
        assertEquals(1, json.code());
        assertEquals("", json.out());
        assertEquals("NNL1003", JsonParser.parseString(json.err()).getAsJsonObject().getAsJsonArray("files").get(0)
                .getAsJsonObject().getAsJsonArray("diagnostics").get(0).getAsJsonObject().get("code").getAsString());
    }

    @Test
    void standardInputWithSyntaxErrorsPrintsNoSource() {
        Run r = nnlcWithStdin(BROKEN, "fmt", "--format", "gcc", "-");
        assertEquals(1, r.code());
        assertEquals("", r.out());
        assertTrue(r.err().startsWith("<stdin>:3:13: error: "), r.err());
    }

    @Test
    void unreadableFilesExitThreeAndTheOthersAreStillFormatted() throws IOException {
        Path p = file("m.nnl", MESSY);
        Run r = nnlc("fmt", dir.resolve("missing.nnl").toString(), p.toString(), dir.toString());
        assertEquals(3, r.code());
        assertEquals("error: " + dir.resolve("missing.nnl") + ": no such file\nerror: " + dir + ": is a directory, not a .nnl file\n",
                r.err());
        assertEquals(FORMATTED, Files.readString(p));
        assertEquals(1, nnlc("fmt", dir.resolve("missing.nnl").toString(), file("b.nnl", BROKEN).toString()).code(),
                "errors in the input take precedence, as in check");
    }

    @Test
    void usageErrors() {
        assertEquals(2, nnlc("fmt").code());
        assertEquals(2, nnlc("fmt", "--format", "xml", "x.nnl").code());
        assertEquals(2, nnlc("fmt", "--color", "sometimes", "x.nnl").code());
        assertTrue(nnlc("fmt", "--help").out().contains("--check"));
    }

    @Test
    void keepsPermissionsAndFollowsSymbolicLinks() throws IOException {
        Path target = file("real.nnl", MESSY);
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r-----"));
        Path link = Files.createSymbolicLink(dir.resolve("link.nnl"), target.getFileName());
        assertEquals(0, nnlc("fmt", link.toString()).code());
        assertTrue(Files.isSymbolicLink(link));
        assertEquals(FORMATTED, Files.readString(target));
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
    }

    @Test
    void aFileInAReadOnlyFolderIsAnIoError() throws IOException {
        Path sub = Files.createDirectories(dir.resolve("ro"));
        Path p = Files.writeString(sub.resolve("m.nnl"), MESSY);
        Files.setPosixFilePermissions(sub, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            // Root can write anyway; then there is nothing to test.
            if (Files.isWritable(sub)) {
                return;
            }
            Run r = nnlc("fmt", p.toString());
            assertEquals(3, r.code());
            assertTrue(r.err().startsWith("error: " + p + ": cannot write: "), r.err());
            assertEquals(MESSY, Files.readString(p));
        } finally {
            Files.setPosixFilePermissions(sub, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void crlfAndByteOrderMark() throws IOException {
        Path crlf = file("crlf.nnl", MESSY.replace("\n", "\r\n"));
        assertEquals(0, nnlc("fmt", crlf.toString()).code());
        assertEquals(FORMATTED.replace("\n", "\r\n"), Files.readString(crlf));

        Path bom = file("bom.nnl", "\uFEFF" + FORMATTED);
        assertEquals(1, nnlc("fmt", "--check", bom.toString()).code(), "the byte-order mark is a difference");
        assertEquals(0, nnlc("fmt", bom.toString()).code());
        assertArrayEquals(FORMATTED.getBytes(StandardCharsets.UTF_8), Files.readAllBytes(bom));
    }

    @Test
    void theSamplesAreFormatted() throws IOException {
        List<String> args = new ArrayList<>(List.of("fmt", "--check"));
        try (Stream<Path> files = Files.list(TrainCliTest.REPO.resolve("samples"))) {
            files.filter(p -> p.toString().endsWith(".nnl")).sorted().forEach(p -> args.add(p.toString()));
        }
        assertTrue(args.size() > 10, args::toString);
        assertEquals(new Run(0, "", ""), nnlc(args.toArray(new String[0])));
    }

    /** The compiler's hostile inputs: refused with exit 1 exactly when they have syntax errors, never a stack trace. */
    @TestFactory
    Stream<DynamicTest> badInputs() {
        return BadInputs.all().stream().map(b -> DynamicTest.dynamicTest(b.name(), () -> {
            Path p = Files.write(dir.resolve("case.nnl"), b.bytes());
            Run r = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> nnlc("fmt", "--format", "gcc", p.toString()));
            boolean syntax = b.expected().stream().anyMatch(c -> c.isSyntax());
            assertEquals(syntax ? 1 : 0, r.code(), r::err);
            if (syntax) {
                assertArrayEquals(b.bytes(), Files.readAllBytes(p), "a refused file is left alone");
            } else {
                assertEquals(new Run(0, "", ""), nnlc("fmt", "--check", p.toString()), "formatted once is formatted");
            }
        }));
    }

    private List<String> listing() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
