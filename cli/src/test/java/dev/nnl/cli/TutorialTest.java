package dev.nnl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/tutorial.md is run as a newcomer would, top to bottom, in a fresh directory beside the
 * bundled samples: each ```nnl block named by its first line (`// clothes.nnl`) is written to that
 * file when the reader reaches it, and each `$ ./nnlc …` line of a console block must print the
 * lines shown under it, in that order, blank lines included: standard output and standard error
 * go to one file, so they interleave as they do on a terminal. Digits after a decimal point are
 * ignored (timings, losses and probabilities vary a little between machines); everything else
 * must match. Commands run as separate processes in the tutorial's directory, as a reader's would:
 * default output files land there and relative paths resolve there.
 */
class TutorialTest {
    private static final Path TUTORIAL = TrainCliTest.REPO.resolve("docs/tutorial.md");
    private static final Pattern FENCE = Pattern.compile("(?m)^```(\\w+)\\n(.*?)^```", Pattern.DOTALL);
    private static final Pattern NAME = Pattern.compile("^// (\\S+\\.nnl)\\n");
    private static final Pattern EXIT = Pattern.compile("; echo \"exit \\$\\?\"$");
    private static final Pattern HEAD = Pattern.compile(" \\| head -(\\d+)$");
    private static final Pattern DECIMAL = Pattern.compile("\\d+\\.\\d+(e[-+]?\\d+)?");

    @TempDir
    static Path work;

    @TestFactory
    List<DynamicTest> everyCommandPrintsWhatTheTutorialShows() throws IOException {
        Files.createSymbolicLink(work.resolve("samples"), TrainCliTest.REPO.resolve("samples"));
        String text = Files.readString(TUTORIAL);
        List<DynamicTest> steps = new ArrayList<>();
        Matcher m = FENCE.matcher(text);
        while (m.find()) {
            int line = text.substring(0, m.start()).split("\n").length + 1;
            String body = m.group(2);
            if (m.group(1).equals("nnl")) {
                Matcher name = NAME.matcher(body);
                if (name.find()) {
                    Path file = work.resolve(name.group(1));
                    steps.add(DynamicTest.dynamicTest("tutorial.md:" + line + " writes " + name.group(1),
                            () -> Files.writeString(file, body, StandardCharsets.UTF_8)));
                }
            } else if (m.group(1).equals("console")) {
                String[] commands = ("\n" + body).split("\n\\$ ");
                for (int i = 1; i < commands.length; i++) {
                    String[] lines = commands[i].split("\n");
                    List<String> expected = Arrays.stream(lines).skip(1).toList();
                    steps.add(DynamicTest.dynamicTest("tutorial.md:" + line + " $ " + lines[0], () -> run(lines[0], expected)));
                }
            }
        }
        return steps;
    }

    private static void run(String command, List<String> expected) throws IOException, InterruptedException {
        Matcher exit = EXIT.matcher(command);
        boolean showExit = exit.find();
        String c = exit.replaceFirst("");
        Matcher head = HEAD.matcher(c);
        int limit = head.find() ? Integer.parseInt(head.group(1)) : Integer.MAX_VALUE;
        c = head.replaceFirst("");
        if (!c.startsWith("./nnlc ")) {
            throw new AssertionError("the tutorial runs only ./nnlc commands, found: " + command);
        }
        List<String> args = List.of(c.substring("./nnlc ".length()).split(" +"));
        // Under `| head`, only standard output goes through head; its lines come first here.
        TrainCliTest.Run r = limit < Integer.MAX_VALUE ? nnlcIn(work, args) : nnlcMerged(work, args);
        List<String> actual = new ArrayList<>(r.out().lines().limit(limit).toList());
        actual.addAll(r.err().lines().toList());
        if (showExit) {
            actual.add("exit " + r.code());
        } else {
            assertEquals(0, r.code(), command + " failed:\n" + r.err());
        }
        assertEquals(normalize(expected), normalize(actual), command);
    }

    /** nnlc in a JVM of its own, on this test's class path, in {@code dir}. */
    static TrainCliTest.Run nnlcIn(Path dir, List<String> args) throws IOException, InterruptedException {
        return nnlcIn(dir, args, false);
    }

    /** The same with standard error written into standard output, as a terminal shows both: all in {@code out}. */
    static TrainCliTest.Run nnlcMerged(Path dir, List<String> args) throws IOException, InterruptedException {
        return nnlcIn(dir, args, true);
    }

    private static TrainCliTest.Run nnlcIn(Path dir, List<String> args, boolean merged) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(args);
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectOutput(out.toFile())
                    .redirectInput(ProcessBuilder.Redirect.PIPE);
            Process p = (merged ? pb.redirectErrorStream(true) : pb.redirectError(err.toFile())).start();
            p.getOutputStream().close();
            int code = p.waitFor();
            return new TrainCliTest.Run(code, Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** Decimals as #, and no blank lines at the end (a console block ends without one). */
    private static List<String> normalize(List<String> lines) {
        List<String> result = new ArrayList<>(lines.stream().map(s -> DECIMAL.matcher(s).replaceAll("#")).toList());
        while (!result.isEmpty() && result.get(result.size() - 1).isBlank()) {
            result.remove(result.size() - 1);
        }
        return result;
    }
}
