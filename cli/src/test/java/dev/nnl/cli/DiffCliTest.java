package dev.nnl.cli;

import static dev.nnl.cli.TrainCliTest.REPO;
import static dev.nnl.cli.TrainCliTest.nnlc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.nnl.compiler.BadInputs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code nnlc diff} and {@code nnlc graph --diff}: the formats and exit codes of docs/diff.md, the
 * {@code --git} form against a repository the test makes, and hostile files on either side.
 */
class DiffCliTest {
    private static final Path CASES = REPO.resolve("compiler/src/test/resources/golden/diff");

    @TempDir
    Path dir;

    private static String pair(String name, String side) {
        return CASES.resolve(name).resolve(side + ".nnl").toString();
    }

    @Test
    void printsTheGoldenReportsAndExitsOneOnChanges() throws IOException {
        for (String[] f : new String[][] {{"text", "expected.txt"}, {"markdown", "expected.md"}, {"json", "expected.json"}}) {
            var r = nnlc("diff", "--format", f[0], pair("changed-argument", "old"), pair("changed-argument", "new"));
            assertEquals(1, r.code(), r.err());
            String expected = Files.readString(CASES.resolve("changed-argument").resolve(f[1]))
                    .replace("old.nnl", pair("changed-argument", "old")).replace("new.nnl", pair("changed-argument", "new"));
            assertEquals(expected, r.out(), f[0]);
        }
    }

    @Test
    void aCommentOnlyChangeExitsZeroAndSaysSo() {
        var r = nnlc("diff", pair("comment-only", "old"), pair("comment-only", "new"));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("no semantic change: the models, train blocks and diagnostics are the same"), r.out());
        JsonObject json = JsonParser.parseString(nnlc("diff", "--format", "json", pair("comment-only", "old"), pair("comment-only", "new")).out())
                .getAsJsonObject();
        assertFalse(json.get("changed").getAsBoolean());
    }

    @Test
    void usageAndIoErrors() {
        var one = nnlc("diff", pair("comment-only", "old"));
        assertEquals(2, one.code());
        assertTrue(one.err().contains("diff takes OLD and NEW, or --git [REV] [FILE...] (found 1 file)"), one.err());
        var format = nnlc("diff", "--format", "html", pair("comment-only", "old"), pair("comment-only", "new"));
        assertEquals(2, format.code());
        assertTrue(format.err().contains("--format takes text, markdown or json, found `html`"), format.err());
        var model = nnlc("diff", "--model", "Nope", pair("comment-only", "old"), pair("comment-only", "new"));
        assertEquals(2, model.code());
        assertTrue(model.err().contains("neither version has a model named `Nope` (models: SmallVGG)"), model.err());
        var missing = nnlc("diff", dir.resolve("gone.nnl").toString(), pair("comment-only", "new"));
        assertEquals(3, missing.code());
        assertTrue(missing.err().contains("gone.nnl: no such file"), missing.err());
        assertEquals(3, nnlc("diff", dir.toString(), pair("comment-only", "new")).code(), "a directory");
    }

    /** A Keras or TF.js file is compared as the source nnlc import writes for it. */
    @Test
    void comparesAKerasModelWithItsImportedSource() throws IOException {
        Path tfjs = REPO.resolve("runtime/src/test/resources/interop/tfjs/mlp/model.json");
        Path nnl = dir.resolve("mlp.nnl");
        assertEquals(0, nnlc("import", tfjs.toString(), "-o", nnl.toString()).code());
        var same = nnlc("diff", tfjs.toString(), nnl.toString());
        assertEquals(0, same.code(), same.out() + same.err());
        assertTrue(same.out().contains("no semantic change"), same.out());
        Files.writeString(nnl, Files.readString(nnl).replaceFirst("Dense\\((\\d+)", "Dense(99"));
        var changed = nnlc("diff", tfjs.toString(), nnl.toString());
        assertEquals(1, changed.code(), changed.err());
        assertTrue(changed.out().contains("→ 99"), changed.out());
        var bad = nnlc("diff", dir.resolve("nothing.h5").toString(), nnl.toString());
        assertEquals(3, bad.code(), bad.err());
    }

    /** Every hostile file of the compiler's catalogue as OLD and as NEW: a report or a message, never a crash. */
    @TestFactory
    Stream<DynamicTest> hostileFilesOnEitherSide() {
        String good = pair("changed-argument", "old");
        return BadInputs.all().stream().map(b -> DynamicTest.dynamicTest(b.name(), () -> {
            Path bad = dir.resolve("bad.nnl");
            Files.write(bad, b.bytes());
            for (String[] args : new String[][] {{good, bad.toString()}, {bad.toString(), good}}) {
                // Each format once on the side that reads it most: JSON and text of a hostile NEW, markdown of a hostile OLD.
                for (String format : args[0].equals(good) ? List.of("json", "text") : List.of("markdown")) {
                    var r = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> nnlc("diff", "--format", format, args[0], args[1]));
                    String all = r.out() + r.err();
                    assertFalse(all.contains("Exception") || all.contains("\tat ") || r.code() > 1, () -> b.name() + ": " + r.err());
                    assertEquals(1, r.code(), "a good model against a hostile file differs");
                    assertFalse(r.out().isEmpty());
                }
            }
        }));
    }

    // ---- --git ----

    private Path repo() throws Exception {
        Path repo = Files.createDirectories(dir.resolve("repo"));
        git(repo, "init", "-q");
        Files.copy(Path.of(pair("inserted-layer", "old")), repo.resolve("net.nnl"));
        git(repo, "add", "net.nnl");
        git(repo, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "first");
        Files.copy(Path.of(pair("inserted-layer", "new")), repo.resolve("net.nnl"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return repo;
    }

    @Test
    void gitComparesAFileWithItsCommittedVersion() throws Exception {
        Path repo = repo();
        var r = nnlc("diff", "--git", repo.resolve("net.nnl").toString());
        assertEquals(1, r.code(), r.err());
        assertTrue(r.out().startsWith("--- HEAD:" + repo.resolve("net.nnl") + "\n+++ " + repo.resolve("net.nnl") + "\n"), r.out());
        assertTrue(r.out().contains("+ dense_1 (Dense): Dense(192, activation=relu)"), r.out());
        var same = nnlc("diff", "--git", "HEAD", repo.resolve("net.nnl").toString(), "--format", "markdown");
        assertEquals(1, same.code(), same.err());
        assertTrue(same.out().contains("| added | dense_1 (Dense) |"), same.out());
        // A file new since the revision: every layer is added.
        Files.copy(Path.of(pair("changed-argument", "old")), repo.resolve("iris.nnl"));
        var created = nnlc("diff", "--git", repo.resolve("iris.nnl").toString());
        assertEquals(1, created.code(), created.err());
        assertTrue(created.out().contains("model IrisMLP: added") && created.out().contains("3 layers added, 0 removed, 0 changed"), created.out());
    }

    @Test
    void gitRefusesAnUnknownRevisionAndAFolderOutsideARepository() throws Exception {
        Path repo = repo();
        var rev = nnlc("diff", "--git", "no-such-rev", repo.resolve("net.nnl").toString());
        assertEquals(2, rev.code());
        assertTrue(rev.err().contains("unknown revision `no-such-rev`"), rev.err());
        Path outside = Files.createDirectories(dir.resolve("plain"));
        Files.copy(Path.of(pair("inserted-layer", "old")), outside.resolve("net.nnl"));
        var plain = nnlc("diff", "--git", outside.resolve("net.nnl").toString());
        assertEquals(2, plain.code());
        assertTrue(plain.err().contains("is not in a git repository"), plain.err());
        assertEquals(3, nnlc("diff", "--git", repo.resolve("nope/net.nnl").toString()).code());
        // One file that cannot be read does not hide the others: they are compared, and the run exits 3.
        var some = nnlc("diff", "--git", repo.resolve("nope/net.nnl").toString(), repo.resolve("net.nnl").toString());
        assertEquals(3, some.code(), some.err());
        assertTrue(some.out().contains("+ dense_1 (Dense): Dense(192, activation=relu)"), some.out());
        assertTrue(some.err().contains("error: " + repo.resolve("nope/net.nnl") + ": no such file"), some.err());
    }

    /** Without FILEs, the changed .nnl files under the working directory; and git missing from the PATH. */
    @Test
    void gitListsChangedFilesAndSaysWhenGitIsMissing() throws Exception {
        Path repo = repo();
        Process p = nnlcProcess(repo, Map.of(), "diff", "--git", "--format", "json");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(1, p.waitFor(), out);
        JsonObject json = JsonParser.parseString(out).getAsJsonObject();
        assertEquals(1, json.getAsJsonArray("files").size(), out);
        assertEquals("net.nnl", json.getAsJsonArray("files").get(0).getAsJsonObject().get("new").getAsString());
        git(repo, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-am", "second");
        Process none = nnlcProcess(repo, Map.of(), "diff", "--git");
        String err = new String(none.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, none.waitFor(), err);
        assertTrue(err.contains("no changed .nnl files under the current directory"), err);
        Process noGit = nnlcProcess(repo, Map.of("PATH", dir.resolve("empty-path").toString()), "diff", "--git", "net.nnl");
        String noGitErr = new String(noGit.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(3, noGit.waitFor(), noGitErr);
        assertTrue(noGitErr.contains("cannot run git (is it installed and on the PATH?)"), noGitErr);
    }

    // ---- graph --diff ----

    @Test
    void graphDiffMarksAddedRemovedAndChangedBoxes() throws IOException {
        Path svg = dir.resolve("d.svg");
        var r = nnlc("graph", "--diff", pair("removed-branch", "old"), pair("removed-branch", "new"), "-o", svg.toString());
        assertEquals(0, r.code(), r.err());
        String text = Files.readString(svg);
        assertEquals(6, count(text, "class=\"box layer removed\""), "the six layers of the removed branch");
        assertTrue(text.contains("data-layer=\"add (removed)\""), "a removed name the new model reuses gets its own box");
        r = nnlc("graph", "--diff", pair("inserted-layer", "old"), pair("inserted-layer", "new"), "-o", svg.toString());
        assertEquals(0, r.code(), r.err());
        text = Files.readString(svg);
        assertTrue(text.contains("class=\"box layer added\" data-layer=\"dense_1\""), text);
        assertTrue(text.contains("class=\"box layer changed\" data-layer=\"dense_2\""), text);
        assertEquals(0, count(text, "removed\""));
        Path dot = dir.resolve("d.dot");
        r = nnlc("graph", "--diff", pair("block-parameter", "old"), pair("block-parameter", "new"), "-o", dot.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(3, count(Files.readString(dot), "fillcolor=\"#ffe0b2\""), "each changed ConvBlock call's box");
        var missing = nnlc("graph", "--diff", dir.resolve("gone.nnl").toString(), pair("inserted-layer", "new"), "-o", svg.toString());
        assertEquals(3, missing.code());
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }

    private static void git(Path repo, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("git", "-C", repo.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), String.join(" ", cmd) + ": " + out);
    }

    private static Process nnlcProcess(Path cwd, Map<String, String> env, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.nnl.cli.Main"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile());
        pb.environment().putAll(env);
        return pb.start();
    }
}
