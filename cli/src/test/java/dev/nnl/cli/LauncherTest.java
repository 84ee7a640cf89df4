package dev.nnl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ./nnlc launcher's staleness test (its function changed_source), on a copy of the launcher in
 * a made-up checkout whose file times the test sets: what a build writes under target/ never
 * counts, a changed source or pom does. LauncherIT checks the real checkout after `mvn package`.
 */
class LauncherTest {
    private static final Instant BUILT = Instant.parse("2026-01-01T12:00:00Z");

    @TempDir
    Path repo;

    @Test
    void filesUnderTargetDoNotCountAsChanges() throws Exception {
        checkout();
        // What Maven rewrites on every build, changed or not (the first made every ./nnlc rebuild).
        write("grammar/target/maven-status/maven-compiler-plugin/compile/default-compile/inputFiles.lst", BUILT.plusSeconds(60));
        write("grammar/target/generated-sources/antlr4/dev/nnl/grammar/NnlParser.java", BUILT.plusSeconds(60));
        write("compiler/target/classes/dev/nnl/compiler/Compiler.class", BUILT.plusSeconds(60));
        write("cli/target/lib/nnl-compiler-0.2.0-SNAPSHOT.jar", BUILT.plusSeconds(60));
        assertEquals("", changedSource());
    }

    @Test
    void aChangedSourceOrPomCounts() throws Exception {
        for (String changed : List.of("grammar/src/main/antlr4/dev/nnl/grammar/Nnl.g4", "compiler/src/main/java/dev/nnl/compiler/Compiler.java",
                "runtime/src/main/resources/x.properties", "spark/src/main/java/Source.java", "graph/src/main/java/Source.java", "spark-job/pom.xml", "lsp/pom.xml", "cli/src/main/java/dev/nnl/cli/Main.java", "pom.xml")) {
            checkout();
            write(changed, BUILT.plusSeconds(1));
            assertEquals(repo.toRealPath().resolve(changed).toString(), changedSource(), changed);
        }
    }

    /**
     * The launcher finds its checkout (the physical path, which the class-data archive records)
     * however it is started: by its path, by a relative name, through a symlink on the PATH.
     */
    @Test
    void theLauncherFindsItsCheckout(@TempDir Path bin) throws Exception {
        checkout();
        String real = repo.toRealPath().toString();
        Path link = Files.createSymbolicLink(bin.resolve("nnlc"), repo.resolve("nnlc"));
        assertEquals(real, sourced(repo.resolve("nnlc").toString(), bin, "echo \"$here\""));
        assertEquals(real, sourced(link.toString(), bin, "echo \"$here\""));
        assertEquals(real, sourced("nnlc", repo, "echo \"$here\""));
        assertEquals(real, sourced("./nnlc", repo, "echo \"$here\""));
    }

    /** Every module's pom and a main source, older than the cli jar the last build wrote. */
    private void checkout() throws IOException {
        Files.copy(TrainCliTest.REPO.resolve("nnlc"), repo.resolve("nnlc"), StandardCopyOption.REPLACE_EXISTING);
        Instant before = BUILT.minusSeconds(3600);
        write("pom.xml", before);
        for (String m : List.of("grammar", "compiler", "graph", "runtime", "spark", "lsp", "cli", "spark-job")) {
            write(m + "/pom.xml", before);
            write(m + "/src/main/java/Source.java", before);
        }
        write("grammar/src/main/antlr4/dev/nnl/grammar/Nnl.g4", before);
        write("compiler/src/main/java/dev/nnl/compiler/Compiler.java", before);
        write("runtime/src/main/resources/x.properties", before);
        write("cli/src/main/java/dev/nnl/cli/Main.java", before);
        write("cli/target/nnl-cli.jar", BUILT);
    }

    private void write(String file, Instant time) throws IOException {
        Path p = repo.resolve(file);
        Files.createDirectories(p.getParent());
        Files.writeString(p, file, StandardCharsets.UTF_8);
        Files.setLastModifiedTime(p, FileTime.from(time));
    }

    /** Sources the launcher (which then defines its functions and returns) and prints changed_source. */
    private String changedSource() throws IOException, InterruptedException {
        return sourced(repo.resolve("nnlc").toString(), repo, "changed_source");
    }

    /** Sources {@code launcher} from {@code dir}, then runs {@code command}; its output. */
    private static String sourced(String launcher, Path dir, String command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("bash", "-c", "source \"$1\" && " + command, "bash", launcher)
                .directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        return out.strip();
    }
}
