package dev.nnl.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The compiler is pure Java: `check` and `summary` must start fast and run where ND4J's native
 * libraries do not. Its test class path (a superset of its runtime one) must not carry ND4J, and
 * its sources name neither ND4J nor the CLI's picocli (the CLI depends on the compiler, not back).
 */
class NoNd4jTest {
    private static final List<String> NATIVE_STACK = List.of("nd4j", "javacpp", "bytedeco", "picocli");
    /** An import or qualified name of ND4J, its native stack or picocli. */
    private static final Pattern FORBIDDEN = Pattern.compile("\\b(org\\.nd4j|org\\.bytedeco|picocli)\\.");

    @Test
    void nd4jClassesCannotBeLoaded() {
        assertThrows(ClassNotFoundException.class, () -> Class.forName("org.nd4j.linalg.factory.Nd4j"));
        assertThrows(ClassNotFoundException.class, () -> Class.forName("org.bytedeco.javacpp.Loader"));
        assertNull(getClass().getClassLoader().getResource("org/nd4j/linalg/factory/Nd4j.class"));
    }

    @Test
    void noClassPathEntryMentionsTheNativeStack() {
        List<String> entries = classPath();
        // The check only means something if it sees the real class path (surefire may hide it in a manifest jar).
        assertTrue(entries.stream().anyMatch(e -> e.contains("antlr4-runtime")), () -> "class path not visible: " + entries);
        List<String> offending = entries.stream()
                .filter(e -> NATIVE_STACK.stream().anyMatch(n -> e.toLowerCase(Locale.ROOT).contains(n)))
                .toList();
        assertEquals(List.of(), offending);
    }

    @Test
    void noSourceNamesNd4jOrPicocli() throws IOException {
        List<String> found = new ArrayList<>();
        List<Path> sources;
        try (Stream<Path> s = Files.walk(Path.of("src/main/java"))) {
            sources = s.filter(p -> p.toString().endsWith(".java")).toList();
        }
        for (Path p : sources) {
            Matcher m = FORBIDDEN.matcher(Files.readString(p));
            while (m.find()) {
                found.add(p + ": " + m.group());
            }
        }
        assertTrue(sources.size() > 50, "the sources were found: " + sources.size());
        assertEquals(List.of(), found);
    }

    private static List<String> classPath() {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return Arrays.stream(cp.split(File.pathSeparator)).filter(s -> !s.isBlank()).toList();
    }
}
