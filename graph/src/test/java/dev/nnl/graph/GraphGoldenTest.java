package dev.nnl.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnl.compiler.Compilation;
import dev.nnl.compiler.Compiler;
import dev.nnl.compiler.source.SourceFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every sample's picture against its golden structure: the SVG's boxes, edges, labels and frames
 * (not its coordinates) and the whole DOT text, in graph/src/test/resources/golden. Rewrite them
 * with {@code mvn -pl graph -am test -Dnnl.bless=true} and review the diff. The SVG's geometry is
 * checked for every sample too: no two boxes overlap, no edge label covers a box, every text fits
 * its box, and every frame holds its layers.
 */
class GraphGoldenTest {
    static Path repo() {
        return Path.of(System.getProperty("nnl.repo", "..")).toAbsolutePath().normalize();
    }

    static List<Path> samples() throws IOException {
        try (Stream<Path> s = Files.list(repo().resolve("samples"))) {
            return s.filter(p -> p.toString().endsWith(".nnl")).sorted().toList();
        }
    }

    @TestFactory
    Stream<DynamicTest> everySampleMatchesItsGolden() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (Path sample : samples()) {
            Compilation c = Compiler.compile(SourceFile.of(sample.toString(), Files.readString(sample)));
            for (String model : c.modelNames()) {
                String stem = sample.getFileName().toString().replace(".nnl", "") + (c.modelNames().size() > 1 ? "." + model : "");
                tests.add(DynamicTest.dynamicTest(stem, () -> check(c, model, stem)));
            }
        }
        assertTrue(tests.size() >= 12, "samples found: " + tests.size());
        return tests.stream();
    }

    private static void check(Compilation c, String model, String stem) throws Exception {
        assertFalse(c.hasErrors(), "sample has errors");
        DiagramOptions collapsed = new DiagramOptions(true, true, false, false);
        DiagramOptions expanded = new DiagramOptions(true, false, true, false);
        String svg = SvgWriter.write(Diagrams.of(c, model, collapsed), collapsed);
        SvgStructure structure = SvgStructure.parse(svg);
        Geometry.assertReadable(structure);
        SvgStructure expandedSvg = SvgStructure.parse(SvgWriter.write(Diagrams.of(c, model, expanded), expanded));
        Geometry.assertReadable(expandedSvg);
        int layers = c.models().get(model).layers().size() + c.models().get(model).inputs().size();
        assertEquals(layers, expandedSvg.boxes().size(), "expanded: one box per input and layer");
        compare(stem + ".svg.txt", structure.text());
        compare(stem + ".dot", DotWriter.write(Diagrams.of(c, model, expanded), expanded));
    }

    static void compare(String name, String actual) throws IOException {
        Path file = repo().resolve("graph/src/test/resources/golden").resolve(name);
        if (Boolean.getBoolean("nnl.bless")) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, actual, StandardCharsets.UTF_8);
            return;
        }
        assertTrue(Files.exists(file), file + " is missing (bless with -Dnnl.bless=true)");
        assertEquals(Files.readString(file), actual, name + " differs (mvn -B test -pl graph -am -Dnnl.bless=true and review the diff)");
    }

    static String names(List<SvgStructure.Item> items) {
        return items.stream().map(SvgStructure.Item::id).collect(Collectors.joining(", "));
    }
}
