package dev.nnl.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnl.dist.Installs.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The light archive: no ND4J, several times smaller; the commands that need no runtime work from
 * it, the others say in one line which archive they need and exit with 2.
 */
class LightInstallIT {
    @TempDir
    static Path tmp;
    static Path install;
    static Path home;
    static Path work;
    static Path iris;

    @BeforeAll
    static void unpack() throws Exception {
        install = Installs.unpack(Installs.light(), tmp.resolve("opt"));
        home = Files.createDirectories(tmp.resolve("home"));
        work = Files.createDirectories(tmp.resolve("work"));
        iris = install.resolve("share/samples/iris_mlp.nnl");
    }

    private static Run nnlc(String... args) throws Exception {
        String[] command = new String[args.length + 1];
        command[0] = install.resolve("bin/nnlc").toString();
        System.arraycopy(args, 0, command, 1, args.length);
        return Installs.run(work, home, Map.of(), null, command);
    }

    @Test
    void itIsSeveralTimesSmallerAndHasNoNd4j() throws Exception {
        long full = Files.size(Installs.full());
        long light = Files.size(Installs.light());
        assertTrue(light * 3 < full, "light " + light + " bytes, full " + full);
        List<String> jars = Installs.jars(install.resolve("lib/full"));
        assertEquals(List.of(), jars.stream().filter(n -> n.startsWith("nd4j-") || n.startsWith("javacpp-") || n.startsWith("openblas-")).toList());
    }

    @Test
    void theCommandsWithoutTheRuntimeWork() throws Exception {
        Run check = nnlc("check", iris.toString());
        assertEquals(0, check.code(), check.err());
        assertEquals(iris + ": ok (IrisMLP: 403 params)", check.out().strip());
        Run summary = nnlc("summary", iris.toString());
        assertEquals(0, summary.code(), summary.err());
        assertTrue(summary.out().contains("403"), summary.out());
        Run fmt = nnlc("fmt", "--check", iris.toString());
        assertEquals(0, fmt.code(), fmt.err());
        Run explain = nnlc("explain", "Dense");
        assertEquals(0, explain.code(), explain.err());
        Path svg = work.resolve("iris.svg");
        Run graph = nnlc("graph", iris.toString(), "-o", svg.toString());
        assertEquals(0, graph.code(), graph.err());
        assertTrue(Files.readString(svg).contains("<svg"), "an SVG picture");
        Run help = nnlc("--help");
        assertEquals(0, help.code(), help.err());
        assertTrue(help.out().contains("train"), help.out());
    }

    @Test
    void lspWorks() throws Exception {
        List<String> received = Installs.lspSession(install.resolve("bin/nnlc"), work, home);
        assertTrue(received.get(1).contains("\"diagnostics\":[{"), received.get(1));
    }

    @Test
    void theRuntimesCommandsSayWhichArchiveTheyNeed() throws Exception {
        for (List<String> args : List.of(List.of("train", iris.toString()), List.of("--verbose", "eval", "x.nnlz"),
                List.of("predict", "x.nnlz", "y.csv"))) {
            Run r = nnlc(args.toArray(String[]::new));
            String command = args.get(0).startsWith("-") ? args.get(1) : args.get(0);
            assertEquals(2, r.code(), r.err());
            assertEquals("", r.out());
            assertEquals("error: `nnlc " + command + "` needs the full install (nnlc-" + Installs.VERSION
                    + "-linux-x86_64.tar.gz); this is the light one, with check, summary, fmt, layers, explain, graph and lsp",
                    r.err().strip());
        }
    }
}
