package dev.nnl.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnl.dist.Installs.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The full archive, unpacked into a temporary folder and run from another one with a home of its
 * own, as someone who downloaded it would: the layout, the class-data archive made in the user's
 * cache on the first short command and used by the next, the commands from check to lsp.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InstallIT {
    @TempDir
    static Path tmp;
    static Path install;
    static Path nnlc;
    static Path home;
    static Path work;
    static Path iris;

    @BeforeAll
    static void unpack() throws Exception {
        install = Installs.unpack(Installs.full(), tmp.resolve("opt"));
        nnlc = install.resolve("bin/nnlc");
        home = Files.createDirectories(tmp.resolve("home"));
        work = Files.createDirectories(tmp.resolve("work"));
        iris = install.resolve("share/samples/iris_mlp.nnl");
    }

    private static Run nnlc(String... args) throws Exception {
        return nnlc(Map.of(), args);
    }

    private static Run nnlc(Map<String, String> env, String... args) throws Exception {
        String[] command = new String[args.length + 1];
        command[0] = nnlc.toString();
        System.arraycopy(args, 0, command, 1, args.length);
        return Installs.run(work, home, env, null, command);
    }

    @Test
    @Order(1)
    void theLayoutHasTheShortCommandsJarsApart() throws Exception {
        assertTrue(Files.isExecutable(nnlc));
        assertEquals(List.of("antlr4-runtime", "gson", "nnl-cli.jar", "nnl-compiler", "nnl-grammar", "nnl-runtime", "picocli"),
                Installs.jars(install.resolve("lib/core")).stream().map(n -> n.equals("nnl-cli.jar") ? n : n.replaceAll("-\\d.*", "")).toList());
        List<String> full = Installs.jars(install.resolve("lib/full"));
        assertTrue(full.stream().anyMatch(n -> n.startsWith("nd4j-native-")), "ND4J in lib/full: " + full);
        assertTrue(full.stream().anyMatch(n -> n.startsWith("org.eclipse.lsp4j-")), "LSP4J in lib/full: " + full);
        assertTrue(full.stream().noneMatch(n -> n.startsWith("nnl-compiler-")), "lib/full has none of lib/core's jars");
        for (String f : List.of("share/man/man1/nnlc.1.gz", "share/man/man1/nnlc-check.1.gz", "share/man/man1/nnlc-train.1.gz",
                "share/completions/nnlc.bash", "share/doc/THIRD-PARTY.txt", "share/doc/README.md", "share/doc/docs/install.md",
                "share/samples/data/iris.csv", "lib/nnlc-run.sh", "lib/nnlc.conf")) {
            assertTrue(Files.isRegularFile(install.resolve(f)), f);
        }
        assertFalse(Files.exists(install.resolve("share/samples/java")), "the Maven sample is not an install's");
    }

    /** The first short command makes the archive in the cache, not in the install; the next one maps the compiler from it. */
    @Test
    @Order(2)
    void theFirstCheckMakesTheClassDataArchiveInTheCache(@TempDir Path logs) throws Exception {
        Run first = nnlc("check", iris.toString());
        assertEquals(0, first.code(), first.err());
        assertEquals(iris + ": ok (IrisMLP: 403 params)", first.out().strip());
        assertTrue(first.err().contains("making the class-data archive"), first.err());
        Path archive = home.resolve(".cache/nnl/" + Installs.VERSION + install + "/nnlc.jsa");
        assertTrue(Files.isRegularFile(archive), "the archive is in the user's cache: " + Installs.find(home, ".jsa"));
        assertEquals(List.of(), Installs.find(install, ".jsa"), "nothing written into the install");

        Path log = logs.resolve("classes.log");
        Run second = nnlc(Map.of("JAVA_TOOL_OPTIONS", "-Xlog:class+load=info:file=" + log), "check", iris.toString());
        assertEquals(0, second.code(), second.err());
        assertEquals("Picked up JAVA_TOOL_OPTIONS: -Xlog:class+load=info:file=" + log, second.err().strip(), "no second archive run");
        List<String> lines = Files.readAllLines(log);
        assertEquals(List.of(), lines.stream().filter(l -> l.contains("source: file:") && l.contains("/nnl-compiler-")).toList(),
                "the compiler comes from the archive, not its jar");
        assertTrue(lines.stream().filter(l -> l.contains("source: shared objects file")).count() > 1000, "classes from the archive");
    }

    /** A cache that cannot be written only means no archive: the command still works, and says nothing about it. */
    @Test
    @Order(3)
    void anUnwritableCacheMeansNoArchive() throws Exception {
        Path notAFolder = Files.writeString(tmp.resolve("cache-is-a-file"), "");
        Run r = nnlc(Map.of("XDG_CACHE_HOME", notAFolder.toString()), "check", iris.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.err());
        assertTrue(r.out().strip().endsWith("ok (IrisMLP: 403 params)"), r.out());
    }

    @Test
    void versionAndSummary() throws Exception {
        Run v = nnlc("--version");
        assertEquals(0, v.code(), v.err());
        assertTrue(v.out().strip().matches(Installs.VERSION_LINE), v.out());
        Run s = nnlc("summary", iris.toString());
        assertEquals(0, s.code(), s.err());
        assertTrue(s.out().contains("IrisMLP") && s.out().contains("403"), s.out());
    }

    /** Train a few epochs of the bundled Iris sample, then evaluate and predict with what it saved: ND4J from lib/full. */
    @Test
    void trainEvalPredict() throws Exception {
        Path model = work.resolve("iris.nnlz");
        Run train = nnlc("train", iris.toString(), "--epochs", "3", "-o", model.toString(), "-q");
        assertEquals(0, train.code(), train.err());
        assertTrue(train.out().strip().startsWith("Final: loss: "), train.out());
        assertTrue(Files.isRegularFile(model));

        Run eval = nnlc("eval", model.toString());
        assertEquals(0, eval.code(), eval.err());
        assertTrue(eval.out().startsWith("IrisMLP on 30 samples (validation part of the training data): loss: "), eval.out());

        Path flowers = Files.writeString(work.resolve("flowers.csv"), "sepal_length,sepal_width,petal_length,petal_width\n"
                + "6.1,2.8,4.7,1.2\n5.7,3.8,1.7,0.3\n");
        Run predict = nnlc("predict", model.toString(), flowers.toString());
        assertEquals(0, predict.code(), predict.err());
        List<String> rows = predict.out().strip().lines().toList();
        assertEquals("prediction,p_setosa,p_versicolor,p_virginica", rows.get(0));
        assertEquals(3, rows.size(), predict.out());
    }

    @Test
    void lspAnswersOverStdio() throws Exception {
        List<String> received = Installs.lspSession(nnlc, work, home);
        assertTrue(received.get(0).contains("\"capabilities\""), received.get(0));
        assertTrue(received.get(1).contains("\"diagnostics\":[{"), "an error in the opened file: " + received.get(1));
        assertTrue(received.get(2).contains("\"result\":null"), received.get(2));
    }

    /** Spark's jars are not bundled: one line and a usage error, not a missing class. */
    @Test
    void trainOnSparkNeedsACheckout() throws Exception {
        Run r = nnlc("train", iris.toString(), "--spark", "local[2]");
        assertEquals(2, r.code(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().startsWith("error: `--spark` needs Spark's jars"), r.err());
    }
}
