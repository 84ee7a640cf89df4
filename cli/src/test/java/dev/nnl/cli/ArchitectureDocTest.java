package dev.nnl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/architecture.md stays true: the files its "How to add a layer" list names exist (its
 * worked example is Conv2D), the runtime family file it names registers Conv2D with the kernel it
 * names, and every test its rule table cites exists.
 */
class ArchitectureDocTest {
    private static final Path ROOT = Path.of("..");
    /** A path in backticks: repository-relative, with a folder, without a {@code <placeholder>}. */
    private static final Pattern PATH = Pattern.compile("`([a-z][\\w.-]*/[\\w./-]+)`");
    /** A test the rule table cites: {@code runtime/…/PackageCyclesTest}. */
    private static final Pattern CITED_TEST = Pattern.compile("`(\\w+)/…/([\\w/]*?)(\\w+Test)`");

    private static String section(String heading) throws IOException {
        String doc = Files.readString(ROOT.resolve("docs/architecture.md"));
        int start = doc.indexOf("## " + heading);
        assertTrue(start >= 0, "docs/architecture.md has no section " + heading);
        int end = doc.indexOf("\n## ", start + 1);
        return doc.substring(start, end < 0 ? doc.length() : end);
    }

    @Test
    void theAddALayerListNamesFilesThatExist() throws IOException {
        List<String> paths = new ArrayList<>();
        Matcher m = PATH.matcher(section("How to add a layer"));
        while (m.find()) {
            paths.add(m.group(1));
        }
        assertTrue(paths.size() >= 8, "the list names the files of its Conv2D example: " + paths);
        for (String p : paths) {
            assertTrue(Files.exists(ROOT.resolve(p)), "docs/architecture.md names " + p + ", which does not exist");
        }
        assertTrue(paths.contains("compiler/src/main/java/dev/nnl/compiler/layers/conv/Conv2D.java"), paths.toString());
        assertTrue(paths.contains("runtime/src/test/resources/oracle/forward/Conv2D.json"), paths.toString());
    }

    @Test
    void theFamilyFileItNamesPairsConv2DWithTheKernelItNames() throws IOException {
        String family = Files.readString(ROOT.resolve("runtime/src/main/java/dev/nnl/runtime/layers/Conv.java"));
        assertTrue(family.contains("\"Conv2D\""), "layers/Conv.java registers Conv2D");
        assertTrue(family.contains("ConvKernel"), "layers/Conv.java makes Conv2D's kernel, ConvKernel");
        String registry = Files.readString(ROOT.resolve("compiler/src/main/java/dev/nnl/compiler/layers/Registry.java"));
        assertTrue(registry.contains("new Conv2D()"), "Registry lists Conv2D");
    }

    @Test
    void everyTestTheRuleTableCitesExists() throws IOException {
        Matcher m = CITED_TEST.matcher(section("Modules"));
        int cited = 0;
        while (m.find()) {
            String module = m.group(1);
            String file = m.group(3) + ".java";
            try (Stream<Path> tests = Files.walk(ROOT.resolve(module).resolve("src/test/java"))) {
                List<Path> found = tests.filter(p -> p.getFileName().toString().equals(file)
                        && p.getParent().toString().replace('\\', '/').endsWith(trimSlash(m.group(2)))).toList();
                assertEquals(1, found.size(), "docs/architecture.md cites " + m.group() + ": " + found);
            }
            cited++;
        }
        assertTrue(cited >= 6, "the rule table cites its tests");
    }

    private static String trimSlash(String folder) {
        return folder.endsWith("/") ? folder.substring(0, folder.length() - 1) : folder;
    }
}
