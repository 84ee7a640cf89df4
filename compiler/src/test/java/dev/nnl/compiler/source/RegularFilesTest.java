package dev.nnl.compiler.source;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.nnl.compiler.Compilation;
import dev.nnl.compiler.Compiler;
import dev.nnl.compiler.diag.Code;
import dev.nnl.compiler.diag.Diagnostic;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Only regular files are read, within the cap; a FIFO or a device is refused before it is opened. */
class RegularFilesTest {
    /** Opening a FIFO blocks until a writer comes: a hang, if the refusal ever goes. */
    private static final Duration LIMIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    @Test
    void aFifoIsRefusedWithoutBlocking() throws Exception {
        Path fifo = fifo("pipe.nnl");
        RegularFiles.Refused e = assertThrows(RegularFiles.Refused.class,
                () -> assertTimeoutPreemptively(LIMIT, () -> RegularFiles.readSource(fifo)));
        assertEquals("is not a regular file", e.reason());
        assertThrows(RegularFiles.Refused.class, () -> assertTimeoutPreemptively(LIMIT, () -> RegularFiles.newInputStream(fifo)));
    }

    @Test
    void aDeviceIsRefusedWithoutReadingIt() {
        Path zero = Path.of("/dev/zero");
        assumeTrue(Files.exists(zero), "no /dev/zero here");
        RegularFiles.Refused e = assertThrows(RegularFiles.Refused.class,
                () -> assertTimeoutPreemptively(LIMIT, () -> RegularFiles.readSource(zero)));
        assertEquals("/dev/zero is not a regular file", e.getMessage());
    }

    @Test
    void aDirectoryIsRefused() {
        RegularFiles.Refused e = assertThrows(RegularFiles.Refused.class, () -> RegularFiles.readSource(dir));
        assertEquals("is a directory", e.reason());
    }

    @Test
    void aSourceOverTheCapIsRefusedUnread() throws IOException {
        Path big = dir.resolve("big.nnl");
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(RegularFiles.MAX_SOURCE_BYTES + 1); // sparse: costs no disk
        }
        RegularFiles.Refused e = assertThrows(RegularFiles.Refused.class, () -> RegularFiles.readSource(big));
        assertEquals("is larger than 64 MiB", e.reason());
    }

    @Test
    void aRegularFileReadsWhole() throws IOException {
        Path f = Files.writeString(dir.resolve("a.txt"), "one\ntwo\n");
        assertArrayEquals("one\ntwo\n".getBytes(StandardCharsets.UTF_8), RegularFiles.readAllBytes(f, 8));
        assertThrows(RegularFiles.Refused.class, () -> RegularFiles.readAllBytes(f, 7));
        assertEquals(List.of("one", "two"), RegularFiles.readAllLines(f, StandardCharsets.UTF_8));
    }

    /** An import of a FIFO, of a device (through a link) or of a file over the cap is a diagnostic, at once. */
    @Test
    void importsOfFifosDevicesAndHugeFilesAreDiagnostics() throws Exception {
        assumeTrue(Files.exists(Path.of("/dev/zero")), "no /dev/zero here");
        fifo("pipe.nnl");
        Files.createSymbolicLink(dir.resolve("zero.nnl"), Path.of("/dev/zero"));
        try (RandomAccessFile f = new RandomAccessFile(dir.resolve("big.nnl").toFile(), "rw")) {
            f.setLength(RegularFiles.MAX_SOURCE_BYTES + 1);
        }
        Path main = Files.writeString(dir.resolve("main.nnl"), "import \"pipe.nnl\"\nimport \"zero.nnl\"\n"
                + "import \"big.nnl\"\nmodel M {\n    input x: (4)\n    Dense(2)\n}\n");
        Compilation c = assertTimeoutPreemptively(LIMIT,
                () -> Compiler.compile(SourceFile.decode("main.nnl", main, Files.readAllBytes(main))));
        assertTrue(c.diagnostics().stream().allMatch(d -> d.code() == Code.IMPORT_FAILED), c.diagnostics()::toString);
        assertEquals(List.of("cannot import \"pipe.nnl\": pipe.nnl is not a regular file",
                "cannot import \"zero.nnl\": zero.nnl is not a regular file",
                "cannot import \"big.nnl\": big.nnl is larger than 64 MiB"),
                c.diagnostics().stream().map(Diagnostic::message).toList());
    }

    /** A FIFO made with mkfifo(1); the test is skipped where there is none (Windows). */
    private Path fifo(String name) throws InterruptedException {
        Path p = dir.resolve(name);
        try {
            Process mk = new ProcessBuilder("mkfifo", p.toString()).inheritIO().start();
            assumeTrue(mk.waitFor() == 0, "mkfifo failed");
        } catch (IOException e) {
            assumeTrue(false, "no mkfifo here: " + e.getMessage());
        }
        return p;
    }
}
