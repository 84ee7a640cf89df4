package dev.nnl.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.nnl.dist.Installs.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Debian package, taken apart with dpkg-deb into a throwaway root (no installing): its control
 * fields, /usr/bin/nnlc running the launcher it links to with the jars beside that, the man pages
 * (rendered by man where there is one) and the bash completion. Skipped where dpkg-deb is missing.
 */
class DebIT {
    @TempDir
    static Path tmp;
    static Path deb;
    static Path root;
    static Path home;

    @BeforeAll
    static void extract() throws Exception {
        assumeTrue(onPath("dpkg-deb"), "dpkg-deb is not installed");
        List<Path> debs = Installs.find(Installs.DIST, "_amd64.deb").stream().filter(p -> p.getParent().equals(Installs.DIST)).toList();
        assertEquals(1, debs.size(), "one .deb in " + Installs.DIST + ": " + debs);
        deb = debs.get(0);
        root = Files.createDirectories(tmp.resolve("root"));
        home = Files.createDirectories(tmp.resolve("home"));
        Run r = Installs.run(tmp, home, Map.of(), null, "dpkg-deb", "-x", deb.toString(), root.toString());
        assertEquals(0, r.code(), r.err());
    }

    private static boolean onPath(String program) {
        for (String dir : System.getenv("PATH").split(":")) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    private static String field(String name) throws Exception {
        Run r = Installs.run(tmp, home, Map.of(), null, "dpkg-deb", "-f", deb.toString(), name);
        assertEquals(0, r.code(), r.err());
        return r.out().strip();
    }

    @Test
    void controlFields() throws Exception {
        assertEquals("nnlc", field("Package"));
        assertEquals("amd64", field("Architecture"));
        String version = field("Version");
        // Debian's order puts a -SNAPSHOT before its release: 0.1.0~SNAPSHOT < 0.1.0.
        assertEquals(Installs.VERSION.replace("-SNAPSHOT", "~SNAPSHOT"), version);
        assertEquals("nnlc_" + version + "_amd64.deb", deb.getFileName().toString());
        assertTrue(field("Depends").contains("openjdk-17-jre-headless"), field("Depends"));
        assertTrue(field("Description").startsWith("compiler and trainer for the nnl"), field("Description"));
    }

    /** /usr/bin/nnlc is a symlink; the launcher finds lib/ beside its own resolved path. */
    @Test
    void usrBinNnlcRuns() throws Exception {
        Path nnlc = root.resolve("usr/bin/nnlc");
        assertTrue(Files.isSymbolicLink(nnlc));
        assertEquals(root.resolve("usr/lib/nnlc/bin/nnlc").toRealPath(), nnlc.toRealPath());
        Run v = Installs.run(tmp, home, Map.of(), null, nnlc.toString(), "--version");
        assertEquals(0, v.code(), v.err());
        assertTrue(v.out().strip().matches(Installs.VERSION_LINE), v.out());
        Path iris = root.resolve("usr/lib/nnlc/share/samples/iris_mlp.nnl");
        Run check = Installs.run(tmp, home, Map.of(), null, nnlc.toString(), "check", iris.toString());
        assertEquals(0, check.code(), check.err());
        assertTrue(check.out().strip().endsWith("ok (IrisMLP: 403 params)"), check.out());
    }

    @Test
    void manPagesRender() throws Exception {
        Path page = root.resolve("usr/share/man/man1/nnlc-train.1.gz");
        assertTrue(Files.isRegularFile(root.resolve("usr/share/man/man1/nnlc.1.gz")));
        assertTrue(Files.isRegularFile(page));
        String troff;
        try (GZIPInputStream in = new GZIPInputStream(Files.newInputStream(page))) {
            troff = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        assertTrue(troff.contains(".SH \"NAME\""), troff.substring(0, Math.min(500, troff.length())));
        if (onPath("man")) {
            Run man = Installs.run(tmp, home, Map.of("MANPAGER", "cat", "PAGER", "cat", "MANWIDTH", "80", "LANG", "C.UTF-8"), null,
                    "man", "-l", page.toString());
            assertEquals(0, man.code(), man.err());
            assertTrue(man.out().contains("NAME") && man.out().contains("nnlc-train") && man.out().contains("--epochs"), man.out());
        }
    }

    /** The bash completion script completes nnlc's subcommands (run as bash runs it on Tab). */
    @Test
    void bashCompletionCompletesSubcommands() throws Exception {
        Path script = root.resolve("usr/share/bash-completion/completions/nnlc");
        assertTrue(Files.isRegularFile(script));
        Run r = Installs.run(tmp, home, Map.of(), null, "bash", "-c",
                "source \"$1\"; COMP_WORDS=(nnlc tr); COMP_CWORD=1; COMP_LINE='nnlc tr'; COMP_POINT=7; _complete_nnlc; printf '%s\\n' \"${COMPREPLY[@]}\"",
                "bash", script.toString());
        assertEquals(List.of("train"), r.out().strip().lines().toList(), r.err());
    }

    @Test
    void docsAndLicencesAreInUsrShareDoc() throws IOException {
        assertTrue(Files.isRegularFile(root.resolve("usr/share/doc/nnlc/THIRD-PARTY.txt")));
        assertTrue(Files.isRegularFile(root.resolve("usr/share/doc/nnlc/docs/install.md")));
    }
}
