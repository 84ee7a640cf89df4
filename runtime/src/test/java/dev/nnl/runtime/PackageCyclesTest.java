package dev.nnl.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Imports between the runtime's packages point one way: no package reaches itself through
 * others. The API package (dev.nnl.runtime) is the top; the one class of it that the packages
 * below may import is NnlException, the base of the errors they throw.
 */
class PackageCyclesTest {
    private static final Path SOURCES = Path.of("src/main/java/dev/nnl/runtime");
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?dev\\.nnl\\.runtime\\.((?:[a-z]\\w*\\.)*)[A-Z]", Pattern.MULTILINE);
    private static final Pattern PACKAGE = Pattern.compile("^package (dev\\.nnl\\.runtime[\\w.]*);", Pattern.MULTILINE);

    @Test
    void runtimePackagesHaveNoCycle() throws IOException {
        Map<String, Set<String>> imports = imports();
        List<String> cycles = new ArrayList<>();
        for (String start : imports.keySet()) {
            List<String> path = cycleFrom(start, start, imports, new ArrayList<>(List.of(start)), new TreeSet<>());
            if (path != null) {
                cycles.add(String.join(" -> ", path));
            }
        }
        assertEquals(List.of(), cycles);
    }

    /** Package → the runtime packages it imports (not itself; not the API package for NnlException alone). */
    private static Map<String, Set<String>> imports() throws IOException {
        Map<String, Set<String>> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String text = Files.readString(f);
                Matcher pm = PACKAGE.matcher(text);
                if (!pm.find()) {
                    continue;
                }
                String pkg = pm.group(1);
                Set<String> targets = out.computeIfAbsent(pkg, k -> new TreeSet<>());
                Matcher m = IMPORT.matcher(text);
                while (m.find()) {
                    String sub = m.group(1);
                    String target = sub.isEmpty() ? "dev.nnl.runtime" : "dev.nnl.runtime." + sub.substring(0, sub.length() - 1);
                    boolean exception = sub.isEmpty() && text.substring(m.start()).startsWith("import dev.nnl.runtime.NnlException;");
                    if (!target.equals(pkg) && !exception) {
                        targets.add(target);
                    }
                }
            }
        }
        return out;
    }

    /** A path of imports from {@code at} back to {@code start}, or null. */
    private static List<String> cycleFrom(String start, String at, Map<String, Set<String>> imports, List<String> path,
                                          Set<String> seen) {
        for (String next : imports.getOrDefault(at, Set.of())) {
            if (next.equals(start)) {
                List<String> cycle = new ArrayList<>(path);
                cycle.add(start);
                return cycle;
            }
            if (seen.add(next)) {
                path.add(next);
                List<String> found = cycleFrom(start, next, imports, path, seen);
                if (found != null) {
                    return found;
                }
                path.remove(path.size() - 1);
            }
        }
        return null;
    }
}
