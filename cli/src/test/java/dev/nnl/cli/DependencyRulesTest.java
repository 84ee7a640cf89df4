package dev.nnl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The CLI stays thin: it reaches the runtime through its Java API (docs/java-api.md), as any
 * program would. Over every source file of the cli module:
 * <ul>
 *   <li>no command names another command: what they share lives in a class named for it;</li>
 *   <li>nothing uses ND4J or its native stack ({@code org.nd4j}, {@code org.bytedeco}): the
 *       runtime API hides them;</li>
 *   <li>of the runtime, only its API is used: the package {@code dev.nnl.runtime} and the
 *       training types docs/java-api.md documents ({@link #RUNTIME_API}).</li>
 * </ul>
 * Imports and fully qualified names are both found, since a qualified name needs no import.
 */
class DependencyRulesTest {
    private static final Path SOURCES = Path.of("src/main/java/dev/nnl/cli");
    /** The runtime outside {@code dev.nnl.runtime} itself that the CLI may use: listener and run-ending exceptions. */
    private static final Set<String> RUNTIME_API = Set.of("dev.nnl.runtime.train.TrainingListener", "dev.nnl.runtime.train.Trainer");
    private static final Pattern ND4J = Pattern.compile("\\b(org\\.nd4j|org\\.bytedeco)\\.");
    /** A runtime subpackage and the class named in it: {@code dev.nnl.runtime.io.AtomicFiles}. */
    private static final Pattern RUNTIME_INTERNAL = Pattern.compile("\\bdev\\.nnl\\.runtime\\.([a-z]\\w*(\\.[a-z]\\w*)*\\.[A-Z]\\w*)");
    private static final Pattern COMMAND = Pattern.compile("\\b([A-Z]\\w*Command)\\b");

    @Test
    void noCommandNamesAnotherCommand() throws IOException {
        List<Path> commands = sources().stream().filter(p -> name(p).endsWith("Command")).toList();
        Set<String> names = Set.copyOf(commands.stream().map(DependencyRulesTest::name).toList());
        List<String> found = new ArrayList<>();
        for (Path p : commands) {
            Matcher m = COMMAND.matcher(Files.readString(p));
            while (m.find()) {
                if (names.contains(m.group(1)) && !m.group(1).equals(name(p))) {
                    found.add(name(p) + " uses " + m.group(1));
                }
            }
        }
        assertTrue(commands.size() >= 10, "the commands were found: " + commands);
        assertEquals(List.of(), found);
    }

    @Test
    void nothingUsesNd4j() throws IOException {
        assertEquals(List.of(), matches(ND4J, m -> true));
    }

    @Test
    void ofTheRuntimeOnlyItsApiIsUsed() throws IOException {
        assertEquals(List.of(), matches(RUNTIME_INTERNAL, m -> !RUNTIME_API.contains("dev.nnl.runtime." + m.group(1))));
    }

    private static List<String> matches(Pattern pattern, java.util.function.Predicate<Matcher> bad) throws IOException {
        List<String> found = new ArrayList<>();
        for (Path p : sources()) {
            Matcher m = pattern.matcher(Files.readString(p));
            while (m.find()) {
                if (bad.test(m)) {
                    found.add(name(p) + ": " + m.group());
                }
            }
        }
        return found;
    }

    private static List<Path> sources() throws IOException {
        try (Stream<Path> s = Files.list(SOURCES)) {
            return s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
    }

    private static String name(Path p) {
        String f = p.getFileName().toString();
        return f.substring(0, f.length() - ".java".length());
    }
}
