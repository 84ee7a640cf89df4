package dev.nnl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Training stopped from outside: a real Ctrl-C (SIGINT) saves a resumable checkpoint and exits 130; a heap too small exits 1 with a message. */
class InterruptTest {
    private static final String EPOCHS = "3";

    /**
     * A SIGINT sent when the first epoch's line appears in the `--log json` stream, so the run is
     * past a known point when it stops (somewhere in epoch 2 or 3: a signal lands between batches
     * wherever they are). Resumed, the run must end where a run never interrupted ends, to the
     * bit: Trainer.java derives every random draw from (seed, epoch, step) and the checkpoint
     * holds the step, the optimizer's moments and the callbacks' arrays. The sample has Dropout
     * and EarlyStopping(restore_best_weights), so random draws and callback arrays are both
     * exercised. Every run uses one thread: `--seed` promises the same run for the same seed and
     * thread count (TrainCommand.java).
     */
    @Test
    void ctrlCThenResumeEndsWithTheWeightsOfAnUninterruptedRun(@TempDir Path dir) throws Exception {
        String sample = TrainCliTest.REPO.resolve("samples/fashion_mlp.nnl").toString();
        Path model = dir.resolve("interrupted.nnlz");
        Process p = new ProcessBuilder(List.of(javaBin(), "-cp", System.getProperty("java.class.path"), "dev.nnl.cli.Main",
                "train", sample, "--epochs", EPOCHS, "-o", model.toString(), "--threads", "1", "--log", "json"))
                .redirectErrorStream(true).start();
        StringBuilder output = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                output.append(line).append('\n');
                if (line.startsWith("{\"epoch\":1,")) {
                    new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
                }
            }
        }
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(130, p.exitValue(), output.toString());
        assertTrue(output.toString().contains("saved a resumable checkpoint"), output.toString());
        assertFalse(output.toString().contains("\tat "), output.toString());
        JsonObject stopped = meta(model);
        int epoch = stopped.get("epoch").getAsInt();
        int step = stopped.get("step").getAsInt();
        String where = "interrupted after " + epoch + " finished epochs and " + step + " batches of the next";
        assertFalse(stopped.get("complete").getAsBoolean(), where);
        assertTrue(epoch >= 1 && epoch < Integer.parseInt(EPOCHS), where);

        TrainCliTest.Run resumed = TrainCliTest.nnlc("train", sample, "--resume", model.toString(), "-o", model.toString(),
                "--threads", "1", "-q");
        assertEquals(0, resumed.code(), resumed.err());
        assertTrue(resumed.out().contains("Test: loss"), resumed.out());
        Path whole = dir.resolve("uninterrupted.nnlz");
        TrainCliTest.Run uninterrupted = TrainCliTest.nnlc("train", sample, "--epochs", EPOCHS, "-o", whole.toString(),
                "--threads", "1", "-q");
        assertEquals(0, uninterrupted.code(), uninterrupted.err());

        // Every array the artifact holds: the weights, and the optimizer's and callbacks' state.
        try (ZipFile want = new ZipFile(whole.toFile()); ZipFile got = new ZipFile(model.toFile())) {
            List<String> arrays = want.stream().map(ZipEntry::getName).filter(n -> n.endsWith(".bin")).toList();
            assertTrue(arrays.contains("weights.bin"), arrays.toString());
            for (String name : arrays) {
                ZipEntry entry = got.getEntry(name);
                assertTrue(entry != null, name + " missing after the resume, " + where);
                byte[] expected = want.getInputStream(want.getEntry(name)).readAllBytes();
                byte[] actual = got.getInputStream(entry).readAllBytes();
                int at = Arrays.mismatch(expected, actual);
                assertEquals(-1, at, name + " differs from the uninterrupted run's from byte " + at + " of " + expected.length
                        + "; " + where);
            }
        }
    }

    private static JsonObject meta(Path artifact) throws Exception {
        try (ZipFile zip = new ZipFile(artifact.toFile())) {
            return JsonParser.parseString(new String(zip.getInputStream(zip.getEntry("meta.json")).readAllBytes(),
                    StandardCharsets.UTF_8)).getAsJsonObject();
        }
    }

    /**
     * A heap too small for the data: a clear message and exit code 1, no stack trace. The data
     * readers now check the heap from the file's header before allocating (data/ArrayLimits.java),
     * so this heap is refused there; an OutOfMemoryError later in a run reaches Main's handler,
     * whose message also names -Xmx.
     */
    @Test
    void runningOutOfMemoryIsAnErrorNotACrash(@TempDir Path dir) throws Exception {
        String sample = TrainCliTest.REPO.resolve("samples/fashion_mlp.nnl").toString();
        Process p = new ProcessBuilder(List.of(javaBin(), "-Xmx24m", "-cp", System.getProperty("java.class.path"),
                "dev.nnl.cli.Main", "train", sample, "--epochs", "1", "-o", dir.resolve("m.nnlz").toString()))
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(1, p.exitValue(), output);
        assertTrue(output.contains("error: out of memory") || output.contains("of the Java heap is free"), output);
        assertTrue(output.contains("-Xmx"), output);
        assertFalse(output.contains("\tat "), output);
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
