package dev.nnl.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The compiler is pure Java: `check` and `summary` must start fast and run where ND4J's native
 * libraries do not. Its test class path (a superset of its runtime one) must not carry ND4J.
 */
class NoNd4jTest {
    private static final List<String> NATIVE_STACK = List.of("nd4j", "javacpp", "bytedeco");

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

    private static List<String> classPath() {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return Arrays.stream(cp.split(File.pathSeparator)).filter(s -> !s.isBlank()).toList();
    }
}
