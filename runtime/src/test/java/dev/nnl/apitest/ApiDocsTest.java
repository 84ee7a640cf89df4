package dev.nnl.apitest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Javadoc on every public type of the runtime, and on every public member of the API that
 * applications call (the {@code dev.nnl.runtime} package, {@code export}, {@code TrainingListener}).
 */
class ApiDocsTest {
    private static final Path MAIN = Path.of("src/main/java/dev/nnl/runtime");
    private static final Pattern TYPE = Pattern.compile("\\s*public\\s+(static\\s+|final\\s+|abstract\\s+|sealed\\s+)*(class|interface|record|enum)\\s.*");
    private static final Pattern MEMBER = Pattern.compile("\\s*(public\\s|default\\s+\\w).*");

    @Test
    void everyPublicTypeIsDocumented() throws IOException {
        List<String> missing = new ArrayList<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                undocumented(f, TYPE, missing);
            }
        }
        assertEquals(List.of(), missing);
    }

    @Test
    void everyPublicMemberOfTheApiIsDocumented() throws IOException {
        List<String> missing = new ArrayList<>();
        List<Path> api = new ArrayList<>();
        try (Stream<Path> top = Files.list(MAIN); Stream<Path> export = Files.list(MAIN.resolve("export"))) {
            api.addAll(top.filter(p -> p.toString().endsWith(".java")).toList());
            api.addAll(export.filter(p -> p.toString().endsWith(".java")).toList());
        }
        api.add(MAIN.resolve("train/TrainingListener.java"));
        for (Path f : api) {
            undocumented(f, MEMBER, missing);
        }
        assertEquals(List.of(), missing);
    }

    /** Declarations matching {@code what} without a doc comment right above (annotations aside; overrides inherit theirs). */
    private static void undocumented(Path file, Pattern what, List<String> missing) throws IOException {
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
            if (!what.matcher(lines.get(i)).matches()) {
                continue;
            }
            int j = i - 1;
            boolean override = false;
            while (j >= 0 && lines.get(j).strip().startsWith("@")) {
                override |= lines.get(j).strip().equals("@Override");
                j--;
            }
            if (!override && (j < 0 || !lines.get(j).strip().endsWith("*/"))) {
                missing.add(file.getFileName() + ":" + (i + 1) + ": " + lines.get(i).strip());
            }
        }
    }
}
