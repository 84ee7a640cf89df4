package dev.nnl.cli;

import static dev.nnl.cli.TrainCliTest.REPO;
import static dev.nnl.cli.TrainCliTest.nnlc;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnl.cli.TrainCliTest.Run;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 19 (3, 4, 13, 14): what -o may not replace, bad outputs found before training, and artifacts that lie. */
class OutputCliTest {
    @TempDir
    static Path dir;
    static Path source;
    static Path csv;
    static Path model;

    @BeforeAll
    static void trainIris() throws IOException {
        source = Files.copy(REPO.resolve("samples/iris_mlp.nnl"), dir.resolve("iris_mlp.nnl"));
        csv = Files.copy(REPO.resolve("samples/data/iris.csv"), Files.createDirectory(dir.resolve("data")).resolve("iris.csv"));
        model = dir.resolve("iris.nnlz");
        Run t = nnlc("train", source.toString(), "--epochs", "1", "-q", "-o", model.toString());
        assertEquals(0, t.code(), t.err());
    }

    static void refusedAsInput(Run r, Path target, Path unchanged, byte[] before) throws IOException {
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().startsWith("error: cannot write " + target + ": "), r.err());
        assertTrue(r.err().contains("choose another output file"), r.err());
        assertArrayEquals(before, Files.readAllBytes(unchanged));
    }

    @Test
    void trainDoesNotReplaceItsSourceOrData() throws IOException {
        byte[] src = Files.readAllBytes(source);
        refusedAsInput(nnlc("train", source.toString(), "--epochs", "1", "-o", source.toString()), source, source, src);
        Path dotted = dir.resolve("data/../iris_mlp.nnl");
        refusedAsInput(nnlc("train", source.toString(), "--epochs", "1", "-o", dotted.toString()), dotted, source, src);
        byte[] data = Files.readAllBytes(csv);
        refusedAsInput(nnlc("train", source.toString(), "--epochs", "1", "-o", csv.toString()), csv, csv, data);
        Path plot = dir.resolve("both.nnlz");
        Run r = nnlc("train", source.toString(), "--epochs", "1", "-o", plot.toString(), "--plot", plot.toString());
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("cannot write " + plot + ": this command also reads or writes it"), r.err());
    }

    @Test
    void predictAndCompileDoNotReplaceTheirInputs() throws IOException {
        byte[] m = Files.readAllBytes(model);
        refusedAsInput(nnlc("predict", model.toString(), csv.toString(), "-o", model.toString()), model, model, m);
        byte[] data = Files.readAllBytes(csv);
        refusedAsInput(nnlc("predict", model.toString(), csv.toString(), "-o", csv.toString()), csv, csv, data);
        byte[] src = Files.readAllBytes(source);
        refusedAsInput(nnlc("compile", source.toString(), "-o", source.toString()), source, source, src);
        refusedAsInput(nnlc("compile", source.toString(), "-o", csv.toString()), csv, csv, data);
        refusedAsInput(nnlc("compile", model.toString(), "--format", "samediff", "-o", model.toString()), model, model, m);
    }

    @Test
    void aCsvLoggerMayNotReplaceTheData() throws IOException {
        String text = Files.readString(source).replace("    seed       = 42", "    seed       = 42\n    callbacks  = [CSVLogger(\""
                + csv + "\")]");
        Path logging = Files.writeString(dir.resolve("logging.nnl"), text);
        byte[] data = Files.readAllBytes(csv);
        refusedAsInput(nnlc("train", logging.toString(), "--epochs", "1", "-o", dir.resolve("l.nnlz").toString()), csv, csv, data);
    }

    @Test
    void aSymbolicLinkAsOutputIsReplacedAndItsTargetKept() throws IOException {
        Path precious = Files.writeString(dir.resolve("precious.txt"), "keep me");
        Path link = Files.createSymbolicLink(dir.resolve("preds.csv"), precious);
        Run r = nnlc("predict", model.toString(), csv.toString(), "-o", link.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("keep me", Files.readString(precious));
        assertFalse(Files.isSymbolicLink(link));
        assertTrue(Files.readString(link).startsWith("prediction,"));
    }

    @Test
    void resumingIntoItsOwnCheckpointStillWorks() throws IOException {
        Path ckpt = Files.copy(model, dir.resolve("ckpt.nnlz"));
        Run r = nnlc("train", source.toString(), "--epochs", "2", "-q", "--resume", ckpt.toString(), "-o", ckpt.toString());
        assertEquals(0, r.code(), r.err());
    }

    @Test
    void aBadOutputIsReportedBeforeTheFirstEpoch() throws IOException {
        Path file = Files.writeString(dir.resolve("plain"), "x");
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put(dir.resolve("data").toString(), "is a directory");
        cases.put(file.resolve("m.nnlz").toString(), file + " is not a directory");
        cases.put("/proc/m.nnlz", "cannot create files in /proc");
        cases.put("/dev/null", "not a regular file");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            Run r = nnlc("train", source.toString(), "--epochs", "1", "-o", c.getKey());
            assertEquals(3, r.code(), r.err());
            assertTrue(r.err().startsWith("error: cannot write " + c.getKey() + ": " + c.getValue()), r.err());
            assertFalse(r.err().contains("Epoch") || r.out().contains("Epoch") || r.err().contains(".tmp"), r.err());
        }
        Run plot = nnlc("train", source.toString(), "--epochs", "1", "-o", dir.resolve("p.nnlz").toString(), "--plot",
                dir.resolve("data").toString());
        assertEquals(3, plot.code(), plot.err());
        assertFalse(Files.exists(dir.resolve("p.nnlz")), "nothing trained");
        Run predict = nnlc("predict", model.toString(), csv.toString(), "-o", dir.resolve("data").toString());
        assertEquals("error: cannot write " + dir.resolve("data") + ": is a directory", predict.err().strip());
    }

    @Test
    void aReadOnlyFolderIsPermissionDenied() throws IOException {
        Assumptions.assumeFalse("root".equals(System.getProperty("user.name")), "root may write to read-only folders");
        Path ro = Files.createDirectory(dir.resolve("ro"));
        Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("r-xr-xr-x"));
        Run r = nnlc("train", source.toString(), "--epochs", "1", "-o", ro.resolve("m.nnlz").toString());
        assertEquals(3, r.code(), r.err());
        assertEquals("error: cannot write " + ro.resolve("m.nnlz") + ": permission denied", r.err().strip());
    }

    @Test
    void aTruncatedArtifactIsCorruptWithExitCode1() throws IOException {
        byte[] all = Files.readAllBytes(model);
        Path cut = Files.write(dir.resolve("cut.nnlz"), Arrays.copyOf(all, all.length * 9 / 10));
        for (String command : new String[] {"eval", "predict"}) {
            Run r = command.equals("eval") ? nnlc("eval", cut.toString()) : nnlc("predict", cut.toString(), csv.toString());
            assertEquals(1, r.code(), r.err());
            assertTrue(r.err().contains(cut + ": corrupt or truncated artifact"), r.err());
        }
    }

    @Test
    void evalDoesNotReadADataPathTheArtifactMadeUp() throws IOException {
        Path secret = Files.writeString(dir.resolve("secret.txt"), "TOPSECRET,hunter2\n");
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (InputStream raw = Files.newInputStream(model); ZipInputStream zip = new ZipInputStream(raw)) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                entries.put(e.getName(), zip.readAllBytes());
            }
        }
        String text = new String(entries.get("source/iris_mlp.nnl"), StandardCharsets.UTF_8);
        entries.put("source/iris_mlp.nnl", text.replace("data/iris.csv", secret.toString()).getBytes(StandardCharsets.UTF_8));
        Path crafted = dir.resolve("crafted.nnlz");
        try (OutputStream raw = Files.newOutputStream(crafted); ZipOutputStream zip = new ZipOutputStream(raw)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
        Run r = nnlc("eval", crafted.toString());
        assertEquals(1, r.code(), r.err());
        assertFalse(r.err().contains("TOPSECRET") || r.out().contains("TOPSECRET"), r.err());
        assertTrue(r.err().contains("pass --data PATH"), r.err());
        Run given = nnlc("eval", crafted.toString(), "--data", csv.toString());
        assertEquals(0, given.code(), given.err());
    }
}
