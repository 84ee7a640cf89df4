package dev.nnl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The docs show real runs: every `$ nnlc check|summary|diff|fmt|explain|layers …` line in a console block
 * of docs/language.md, docs/cli.md, docs/editors.md and docs/diff.md is run on the doc's own ```nnl files, and
 * its output must be the lines the doc shows (compared as a set of lines: the doc shows standard
 * output and standard error interleaved as a terminal does).
 */
class DocsExamplesTest {
    private static final Pattern FENCE = Pattern.compile("(?m)^```(\\w+)\\n(.*?)^```", Pattern.DOTALL);
    private static final Pattern NAME = Pattern.compile("^// (\\S+\\.nnl)");
    private static final Pattern COMMAND = Pattern.compile("nnlc (check|summary|diff|fmt|explain|layers)( [^|;<>]*)?");

    @TempDir
    static Path work;

    @TestFactory
    List<DynamicTest> consoleBlocksShowRealOutput() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (String doc : List.of("docs/language.md", "docs/cli.md", "docs/editors.md", "docs/diff.md")) {
            String text = Files.readString(TrainCliTest.REPO.resolve(doc));
            Path dir = Files.createDirectories(work.resolve(doc.replace('/', '_')));
            Matcher m = FENCE.matcher(text);
            List<String[]> consoles = new ArrayList<>();
            while (m.find()) {
                if (m.group(1).equals("nnl")) {
                    Matcher name = NAME.matcher(m.group(2));
                    if (name.find() && !name.group(1).startsWith("samples/")) {
                        Path file = dir.resolve(name.group(1));
                        Files.createDirectories(file.getParent());
                        Files.writeString(file, m.group(2));
                    }
                } else if (m.group(1).equals("console")) {
                    consoles.add(new String[] {m.group(2), Integer.toString(text.substring(0, m.start()).split("\n").length + 1)});
                }
            }
            for (String[] console : consoles) {
                String[] parts = ("\n" + console[0]).split("\n\\$ ");
                for (int i = 1; i < parts.length; i++) {
                    String[] lines = parts[i].split("\n", -1);
                    Matcher cmd = COMMAND.matcher(lines[0]);
                    if (!cmd.matches()) {
                        continue;
                    }
                    List<String> expected = new ArrayList<>(List.of(lines).subList(1, lines.length));
                    expected.removeIf(String::isEmpty);
                    tests.add(DynamicTest.dynamicTest(doc + ":" + console[1] + " " + lines[0], () -> check(dir, lines[0], expected)));
                }
            }
        }
        return tests;
    }

    private static void check(Path dir, String command, List<String> expected) {
        List<String> args = new ArrayList<>();
        for (String a : command.substring("nnlc ".length()).split(" +")) {
            args.add(Files.exists(dir.resolve(a)) && !a.isEmpty() ? dir.resolve(a).toString() : a);
        }
        TrainCliTest.Run r = TrainCliTest.nnlc(args.toArray(new String[0]));
        String prefix = dir + "/";
        List<String> actual = new ArrayList<>();
        for (String s : (r.out() + r.err()).split("\n")) {
            if (!s.isEmpty()) {
                actual.add(s.replace(prefix, ""));
            }
        }
        assertEquals(expected.stream().sorted().toList(), actual.stream().sorted().toList(), command);
    }
}
