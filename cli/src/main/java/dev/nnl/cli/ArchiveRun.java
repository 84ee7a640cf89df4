package dev.nnl.cli;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The run the class-data archive of the short commands is made from (java
 * -XX:ArchiveClassesAtExit=… dev.nnl.cli.ArchiveRun SAMPLES_DIR, by cli/pom.xml at build time and
 * by the ./nnlc launcher when the archive is missing): check, summary and fmt --check of every
 * bundled sample, a file with an error and a warning in each output format, layers and explain.
 * The archive then holds the classes those commands load, whichever command a user runs first.
 * Output is discarded; a command that fails as a usage or internal error fails the run, since the
 * archive would then miss what that command loads.
 */
public final class ArchiveRun {
    /** An unknown argument (an error) and Dropout right after the input (a lint warning). */
    private static final String FLAWED = """
            model Flawed {
                input x: (4,)
                Dropout(0.2)
                Dense(3, unit=2)
            }
            """;

    private ArchiveRun() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: ArchiveRun SAMPLES_DIR");
            System.exit(ExitCode.USAGE);
        }
        List<String> samples;
        try (Stream<Path> s = Files.list(Path.of(args[0]))) {
            samples = s.filter(p -> p.toString().endsWith(".nnl")).map(Path::toString).sorted().toList();
        }
        if (samples.isEmpty()) {
            System.err.println("ArchiveRun: no .nnl samples in " + args[0]);
            System.exit(ExitCode.IO);
        }
        List<List<String>> runs = new ArrayList<>();
        runs.add(concat(List.of("check"), samples));
        runs.add(concat(List.of("fmt", "--check"), samples));
        for (String sample : samples) {
            runs.add(List.of("summary", sample));
            runs.add(List.of("summary", sample, "--format", "json"));
        }
        for (String format : List.of("human", "gcc", "json")) {
            runs.add(List.of("check", "-", "--stdin-name", "flawed.nnl", "--format", format));
        }
        runs.add(List.of("layers"));
        runs.add(List.of("explain", "Conv2D"));
        runs.add(List.of("explain", "NNL5001"));
        InputStream stdin = System.in;
        for (List<String> run : runs) {
            System.setIn(new ByteArrayInputStream(FLAWED.getBytes(StandardCharsets.UTF_8)));
            PrintWriter discard = new PrintWriter(Writer.nullWriter());
            int code = Main.run(run.toArray(String[]::new), discard, discard);
            if (code >= ExitCode.USAGE) {
                System.err.println("ArchiveRun: `nnlc " + String.join(" ", run) + "` exited " + code);
                System.exit(code);
            }
        }
        System.setIn(stdin);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
