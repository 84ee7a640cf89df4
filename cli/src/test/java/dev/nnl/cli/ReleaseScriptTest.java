package dev.nnl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * tools/release.sh (docs/releasing.md), run in a throwaway git repository holding a copy of this
 * checkout's poms, changelog, docs and the script: the release commit and tag, the next snapshot,
 * and the refusals.
 */
class ReleaseScriptTest {
    private static final Path REPO = TrainCliTest.REPO;
    private static final Pattern FIRST_VERSION = Pattern.compile("(?m)^ *<version>([^<]+)</version>");

    @TempDir
    Path dir;
    private final List<Path> poms = new ArrayList<>();
    private String current;
    private String release;

    @BeforeEach
    void copyOfTheCheckout() throws Exception {
        try (Stream<Path> s = Files.walk(REPO, 3)) {
            s.filter(p -> p.getFileName().toString().equals("pom.xml"))
                    .filter(p -> !p.toString().contains("/target/") && !p.toString().contains("/node_modules/"))
                    .forEach(p -> poms.add(REPO.relativize(p)));
        }
        assertTrue(poms.size() >= 10, poms::toString);
        for (Path p : poms) {
            copy(p);
        }
        for (String f : List.of("tools/release.sh", "CHANGELOG.md", "docs/java-api.md", "samples/java/README.md")) {
            copy(Path.of(f));
        }
        current = firstVersion(Files.readString(dir.resolve("pom.xml")));
        assertTrue(current.endsWith("-SNAPSHOT"), current);
        release = current.replace("-SNAPSHOT", "");
        git("init", "-q");
        git("add", "-A");
        git("commit", "-q", "-m", "copy");
    }

    @Test
    void releasesTagsAndStartsTheNextSnapshot() throws Exception {
        Run r = release(release);
        assertEquals(0, r.code(), r.err());
        String[] v = release.split("\\.");
        String next = v[0] + "." + (Integer.parseInt(v[1]) + 1) + ".0-SNAPSHOT";
        assertTrue(r.out().contains("tagged v" + release + " and moved on to " + next), r.out());

        // Two commits on top of the copy: the release (tagged) and the next snapshot.
        assertEquals(List.of("Start " + next, "Release " + release, "copy"), List.of(git("log", "--format=%s").split("\n")));
        assertEquals(git("rev-parse", "HEAD~1"), git("rev-parse", "v" + release + "^{commit}"));
        assertEquals("", git("status", "--porcelain"));

        for (Path pom : poms) {
            String tagged = git("show", "v" + release + ":" + pom);
            assertEquals(release, firstVersion(tagged), pom + " at the tag");
            assertEquals(next, firstVersion(Files.readString(dir.resolve(pom))), pom + " after");
            assertFalse(tagged.contains(current), pom + " at the tag still names " + current);
        }
        assertTrue(git("show", "v" + release + ":samples/java/pom.xml").contains("<nnl.version>" + release + "</nnl.version>"));
        assertTrue(Files.readString(dir.resolve("samples/java/pom.xml")).contains("<nnl.version>" + next + "</nnl.version>"));
        // The docs' Maven snippets name the release, and stay on it.
        for (String doc : List.of("docs/java-api.md", "samples/java/README.md")) {
            String text = Files.readString(dir.resolve(doc));
            assertTrue(text.contains("<version>" + release + "</version>"), doc);
            assertFalse(text.contains(current), doc);
        }

        // CHANGELOG.md: what was unreleased is now the release's, under a fresh empty [Unreleased].
        String before = Files.readString(REPO.resolve("CHANGELOG.md"));
        String after = git("show", "v" + release + ":CHANGELOG.md") + "\n"; // git() strips the last newline
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        assertTrue(after.contains("## [Unreleased]\n\n## [" + release + "] - " + today + "\n"), after);
        assertEquals(section(before, "## [Unreleased]"), section(after, "## [" + release + "] - " + today));
        assertTrue(after.contains("[Unreleased]: https://github.com/nnl-lang/nnl/compare/v" + release + "...HEAD\n"), after);
        assertTrue(after.contains("[" + release + "]: https://github.com/nnl-lang/nnl/releases/tag/v" + release + "\n"), after);
        assertEquals(after, Files.readString(dir.resolve("CHANGELOG.md")));

        // The next release compares with this one.
        Files.writeString(dir.resolve("CHANGELOG.md"), after.replace("## [Unreleased]\n", "## [Unreleased]\n\n### Fixed\n\n- Something.\n"));
        git("commit", "-q", "-am", "a fix");
        String nextRelease = next.replace("-SNAPSHOT", "");
        Run second = release(nextRelease);
        assertEquals(0, second.code(), second.err());
        String changelog = Files.readString(dir.resolve("CHANGELOG.md"));
        assertTrue(changelog.contains("[Unreleased]: https://github.com/nnl-lang/nnl/compare/v" + nextRelease + "...HEAD\n"
                + "[" + nextRelease + "]: https://github.com/nnl-lang/nnl/compare/v" + release + "...v" + nextRelease + "\n"
                + "[" + release + "]: https://github.com/nnl-lang/nnl/releases/tag/v" + release + "\n"), changelog);
    }

    @Test
    void refusesADirtyTreeAMalformedVersionAndAnEmptyUnreleasedSection() throws Exception {
        String head = git("rev-parse", "HEAD");
        for (String bad : List.of("0.2", "v" + release, release + "-SNAPSHOT", "1.02.0", "")) {
            Run r = release(bad);
            assertEquals(1, r.code(), bad);
            assertTrue(r.err().contains("is not a release version MAJOR.MINOR.PATCH"), r.err());
        }
        Run badNext = release(release, "9.9.9");
        assertEquals(1, badNext.code());
        assertTrue(badNext.err().contains("'9.9.9' is not a next version"), badNext.err());

        Files.writeString(dir.resolve("pom.xml"), "\n", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
        Run dirty = release(release);
        assertEquals(1, dirty.code());
        assertTrue(dirty.err().contains("the working tree has changes") && dirty.err().contains("pom.xml"), dirty.err());
        git("checkout", "--", "pom.xml");

        String changelog = Files.readString(dir.resolve("CHANGELOG.md"));
        Files.writeString(dir.resolve("CHANGELOG.md"),
                changelog.replace(section(changelog, "## [Unreleased]"), "\n### Added\n\n"));
        git("commit", "-q", "-am", "empty");
        Run empty = release(release);
        assertEquals(1, empty.code());
        assertTrue(empty.err().contains("section of CHANGELOG.md is empty"), empty.err());
        git("reset", "-q", "--hard", head);

        git("tag", "v" + release);
        Run tagged = release(release);
        assertEquals(1, tagged.code());
        assertTrue(tagged.err().contains("tag v" + release + " exists already"), tagged.err());

        // Nothing was committed or changed by the refusals.
        assertEquals(head, git("rev-parse", "HEAD"));
        assertEquals("", git("status", "--porcelain"));
    }

    /** The text between a heading line and the next "## " heading or the link definitions. */
    private static String section(String changelog, String heading) {
        int start = changelog.indexOf(heading + "\n");
        assertTrue(start >= 0, heading);
        start += heading.length() + 1;
        Matcher end = Pattern.compile("^(## |\\[[^]]+\\]: )", Pattern.MULTILINE).matcher(changelog);
        return changelog.substring(start, end.find(start) ? end.start() : changelog.length());
    }

    private static String firstVersion(String pom) {
        Matcher m = FIRST_VERSION.matcher(pom);
        assertTrue(m.find());
        return m.group(1);
    }

    private void copy(Path relative) throws IOException {
        Path to = dir.resolve(relative);
        Files.createDirectories(to.getParent());
        Files.copy(REPO.resolve(relative), to);
    }

    record Run(int code, String out, String err) {}

    private Run release(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", dir.resolve("tools/release.sh").toString()));
        command.addAll(List.of(args));
        return run(command);
    }

    private String git(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("git"));
        command.addAll(List.of(args));
        Run r = run(command);
        assertEquals(0, r.code(), () -> command + ": " + r.err());
        return r.out().strip();
    }

    private Run run(List<String> command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        // An identity for the commits and the tag, and nothing from the user's git set-up.
        pb.environment().putAll(Map.of(
                "GIT_AUTHOR_NAME", "nnl test", "GIT_AUTHOR_EMAIL", "test@nnl.invalid",
                "GIT_COMMITTER_NAME", "nnl test", "GIT_COMMITTER_EMAIL", "test@nnl.invalid",
                "GIT_CONFIG_GLOBAL", "/dev/null", "GIT_CONFIG_NOSYSTEM", "1"));
        Path out = Files.createTempFile("nnl-release-out", ".txt");
        Path err = Files.createTempFile("nnl-release-err", ".txt");
        try {
            int code = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start().waitFor();
            return new Run(code, Files.readString(out), Files.readString(err));
        } finally {
            Files.delete(out);
            Files.delete(err);
        }
    }
}
