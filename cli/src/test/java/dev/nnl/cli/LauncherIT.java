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
 * integration-test phase of the same build): it must not rebuild, the short commands must start
 * from the class-data archive the build made, and a stale or missing archive must not break them.
 * Maven has by then written every module's target/, the cli jar last but for the archive, so a
 * launcher that counted target/ files or a build that left the jar's time alone would fail here.
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
        List<String> fromJars = checkSample(dir.resolve("classes.log"));
        // The compiler, the grammar, ANTLR and picocli (whose Java 5 class files only a static
        // archive holds), which check spends its start-up in, must all come from the archive.
        assertEquals(List.of(), fromJars.stream()
                .filter(l -> l.matches(".*/(nnl-compiler|nnl-grammar|antlr4-runtime|picocli)-[^/]*\\.jar$")).toList(),
                "classes check read from jars instead of the archive");
        // Only the short commands' jars are on the class path: none of lib/'s hundred is opened.
        assertEquals(List.of(), fromJars.stream().filter(l -> l.contains("/cli/target/lib/")).toList());
        long archived = Files.readAllLines(dir.resolve("classes.log")).stream()
                .filter(l -> l.contains("source: shared objects file")).count();
        assertTrue(archived > 1000, "classes from the archive: " + archived);
    }

    /**
     * An archive whose jars changed since it was made (a jar rewritten by hand, a build that
     * failed after copying lib/) is ignored by the JVM, silently: check still works, from the jars.
     */
    @Test
    void aStaleArchiveIsIgnored(@TempDir Path dir) throws Exception {
        Path jar;
        try (var s = Files.list(TrainCliTest.REPO.resolve("cli/target/short-lib"))) {
            jar = s.filter(p -> p.getFileName().toString().startsWith("nnl-compiler-")).findFirst().orElseThrow();
        }
        FileTime built = Files.getLastModifiedTime(jar);
        try {
            Files.setLastModifiedTime(jar, FileTime.fromMillis(built.toMillis() + 3_600_000));
            List<String> fromJars = checkSample(dir.resolve("classes.log"));
            assertTrue(fromJars.stream().anyMatch(l -> l.contains("/nnl-compiler-")), "the compiler read from its jar");
        } finally {
            Files.setLastModifiedTime(jar, built);
        }
    }

    /** Without the build's archive (a build that skipped that step) the launcher makes one, once, the same way. */
    @Test
    void theLauncherMakesAMissingArchive(@TempDir Path dir) throws Exception {
        // As in packageLeavesNothingToRebuild: a stale build would make this run a Maven build.
        assertEquals("", bash(Map.of(), "source \"$1\" && changed_source", LAUNCHER.toString()).out().strip(),
                "a file the launcher takes for a changed source");
        Path saved = dir.resolve("nnlc.jsa");
        Files.move(ARCHIVE, saved);
        try {
            Run r = bash(Map.of(), "\"$1\" check \"$2\"", LAUNCHER.toString(),
                    TrainCliTest.REPO.resolve("samples/fashion_cnn.nnl").toString());
            assertEquals(0, r.code(), r.err());
            assertTrue(r.err().contains("making the class-data archive"), r.err());
            assertTrue(Files.isRegularFile(ARCHIVE), "the launcher made " + ARCHIVE);
            List<String> fromJars = checkSample(dir.resolve("classes.log"));
            assertEquals(List.of(), fromJars.stream().filter(l -> l.contains("/nnl-compiler-")).toList(),
                    "the next run loads the compiler from the archive the launcher made");
        } finally {
            if (Files.exists(ARCHIVE)) {
                Files.delete(saved);
            } else {
                Files.move(saved, ARCHIVE);
            }
        }
    }

    /** `./nnlc check` on the CNN sample, logging class loading to {@code log}: the lines of classes read from jars. */
    private static List<String> checkSample(Path log) throws IOException, InterruptedException {
        Run r = bash(Map.of("JAVA_TOOL_OPTIONS", "-Xlog:class+load=info:file=" + log), "\"$1\" check \"$2\"",
                LAUNCHER.toString(), TrainCliTest.REPO.resolve("samples/fashion_cnn.nnl").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().strip().endsWith("samples/fashion_cnn.nnl: ok (FashionCNN: 225,034 params)"), r.out());
        assertEquals("Picked up JAVA_TOOL_OPTIONS: -Xlog:class+load=info:file=" + log, r.err().strip(),
                "nothing on standard error but the JVM's note of the option");
        return Files.readAllLines(log).stream().filter(l -> l.contains("source: file:")).toList();
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
