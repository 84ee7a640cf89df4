package dev.nnl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ./nnlc launcher on this checkout right after `package` (cli/pom.xml runs this class in the
 * integration-test phase of the same build): it must not rebuild, and the short commands must
 * start from the class-data archive the build made. Maven has by then written every module's
 * target/, the cli jar last but for the archive, so a launcher that counted target/ files or a
 * build that left the jar's time alone would fail here.
 */
class LauncherIT {
    private static final Path LAUNCHER = TrainCliTest.REPO.resolve("nnlc");
    private static final Path ARCHIVE = TrainCliTest.REPO.resolve("cli/target/nnlc.jsa");

    record Run(int code, String out, String err) {
    }

    @Test
    void packageLeavesNothingToRebuild() throws Exception {
        // Asked first and alone: were it stale, running ./nnlc below would start a Maven build inside this one.
        assertEquals("", bash(Map.of(), "source \"$1\" && changed_source", LAUNCHER.toString()).out().strip(),
                "a file the launcher takes for a changed source");
        FileTime archived = Files.getLastModifiedTime(ARCHIVE);
        Run r = bash(Map.of(), "\"$1\" --version", LAUNCHER.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("nnlc "), r.out());
        assertEquals("", r.err(), "no `nnlc: building` line, nothing on standard error");
        assertEquals(archived, Files.getLastModifiedTime(ARCHIVE), "--version leaves the build's class-data archive alone");
    }

    @Test
    void checkLoadsTheCompilerFromTheArchive(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("classes.log");
        Run r = bash(Map.of("JAVA_TOOL_OPTIONS", "-Xlog:class+load=info:file=" + log), "\"$1\" check \"$2\"",
                LAUNCHER.toString(), TrainCliTest.REPO.resolve("samples/fashion_cnn.nnl").toString());
        assertEquals(0, r.code(), r.err());
        List<String> lines = Files.readAllLines(log);
        long archived = lines.stream().filter(l -> l.contains("source: shared objects file (top)")).count();
        // picocli's classes are Java 5 class files, which JDK 17 does not archive; the compiler,
        // the grammar and ANTLR, which check spends its time in, must all come from the archive.
        List<String> fromJars = lines.stream()
                .filter(l -> l.matches(".*source: .*/(nnl-compiler|nnl-grammar|antlr4-runtime)-[^/]*\\.jar$")).toList();
        assertEquals(List.of(), fromJars, "classes check read from jars instead of the archive (" + archived + " came from it)");
        assertTrue(archived > 500, "classes from the archive: " + archived);
    }

    private static Run bash(Map<String, String> env, String script, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("bash", "-c", script, "bash"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(TrainCliTest.REPO.toFile());
        pb.environment().putAll(env);
        Path out = Files.createTempFile("launcher", ".out");
        Path err = Files.createTempFile("launcher", ".err");
        try {
            Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            int code = p.waitFor();
            return new Run(code, Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
