package dev.nnl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Training stopped from outside: a real Ctrl-C (SIGINT) saves a resumable checkpoint and exits 130; a heap too small exits 1 with a message. */
class InterruptTest {
    @Test
    void ctrlCSavesACheckpointThatResumes(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("m.nnlz");
        String sample = TrainCliTest.REPO.resolve("samples/fashion_mlp.nnl").toString();
        Process p = new ProcessBuilder(List.of(javaBin(), "-cp", System.getProperty("java.class.path"), "dev.nnl.cli.Main",
                "train", sample, "--epochs", "3", "-o", model.toString(), "--threads", "1"))
                .redirectErrorStream(true).start();
        StringBuilder output = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                output.append(line).append('\n');
                if (line.startsWith("Epoch 1/3")) {
                    new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
                }
            }
        }
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(130, p.exitValue(), output.toString());
        assertTrue(output.toString().contains("saved a resumable checkpoint"), output.toString());
        assertFalse(output.toString().contains("\tat "), output.toString());
        assertTrue(Files.exists(model));

        TrainCliTest.Run resumed = TrainCliTest.nnlc("train", sample, "--resume", model.toString(), "-o", model.toString(), "-q");
        assertEquals(0, resumed.code(), resumed.err());
        assertTrue(resumed.out().contains("Test: loss"), resumed.out());
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
