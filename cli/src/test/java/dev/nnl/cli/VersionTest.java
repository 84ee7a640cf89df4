package dev.nnl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code nnlc --version}: this build's version, commit and date (cli/pom.xml, nnl-version.properties). */
class VersionTest {
    private static final Pattern LINE = Pattern.compile("nnlc (\\S+) \\(commit (\\S+), built (\\S+)\\)");

    @Test
    void versionNamesThisBuildsVersionCommitAndDate() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertEquals(0, Main.run(new String[] {"--version"}, new PrintWriter(out), new PrintWriter(err)), err::toString);
        Matcher m = LINE.matcher(out.toString().strip());
        assertTrue(m.matches(), out::toString);
        assertEquals(System.getProperty("nnl.version"), m.group(1));

        // The commit is the checkout's HEAD, abbreviated, "-dirty" when git status lists a change
        // (as it did when Maven filtered the properties, earlier in this build); `unknown` outside
        // a git checkout.
        Path repo = TrainCliTest.REPO;
        String head = git(repo, "rev-parse", "HEAD");
        if (head == null) {
            assertEquals("unknown", m.group(2));
        } else {
            assertTrue(m.group(2).matches("[0-9a-f]{7,40}(-dirty)?"), m.group(2));
            String hash = m.group(2).replace("-dirty", "");
            assertTrue(head.startsWith(hash), hash + " is not HEAD, " + head);
            assertEquals(!git(repo, "status", "--short").isEmpty(), m.group(2).endsWith("-dirty"),
                    "-dirty and git status disagree: " + m.group(2));
        }

        // Maven's build timestamp, in UTC: today's date, or yesterday's for a build that began before midnight.
        LocalDate built = LocalDate.parse(m.group(3));
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        assertTrue(built.equals(today) || built.equals(today.minusDays(1)), "built " + built);
    }

    @Test
    void withoutGitTheCommitIsUnknown() {
        // What Maven filters into the file outside a git checkout: the plugin sets no property, so
        // the placeholders stay (a source tarball's build).
        Properties p = new Properties();
        p.setProperty("version", "0.2.0");
        p.setProperty("commit", "${git.commit.id.abbrev}");
        p.setProperty("dirty", "${git.dirty}");
        p.setProperty("built", "2026-12-06");
        assertEquals("nnlc 0.2.0 (commit unknown, built 2026-12-06)", Version.line(p));
        p.setProperty("commit", "1a2b3c4");
        p.setProperty("dirty", "true");
        assertEquals("nnlc 0.2.0 (commit 1a2b3c4-dirty, built 2026-12-06)", Version.line(p));
        p.setProperty("dirty", "false");
        assertEquals("nnlc 0.2.0 (commit 1a2b3c4, built 2026-12-06)", Version.line(p));
    }

    /** git's output, stripped, or null when git fails (no git, or not a checkout). */
    private static String git(Path dir, String... args) throws IOException, InterruptedException {
        String[] command = new String[args.length + 3];
        command[0] = "git";
        command[1] = "-C";
        command[2] = dir.toString();
        System.arraycopy(args, 0, command, 3, args.length);
        Process p;
        try {
            p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException noGit) {
            return null;
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        return p.waitFor() == 0 ? out : null;
    }
}
