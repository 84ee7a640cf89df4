package dev.nnl.compiler.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.nnl.compiler.Compilation;
import dev.nnl.compiler.Compiler;
import dev.nnl.compiler.TestFiles;
import dev.nnl.compiler.diag.Diagnostic;
import dev.nnl.compiler.ir.LayerNode;
import dev.nnl.compiler.ir.ModelIR;
import dev.nnl.compiler.ir.Shape;
import dev.nnl.compiler.ir.Weight;
import dev.nnl.compiler.source.SourceFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every registered layer against Keras: shapes, parameter counts and weight shapes from the
 * TensorFlow.js oracle (or from Keras's formulas where tfjs differs, marked "hand"), committed
 * under resources/oracle/layers by tools/oracle-fixtures.
 */
class OracleContractTest {
    private static final Path FIXTURES = Path.of("src/test/resources/oracle/layers");

    @TestFactory
    List<DynamicTest> everyFixtureCaseMatchesKeras() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        try (var files = Files.list(FIXTURES)) {
            for (Path f : files.sorted().toList()) {
                JsonObject fixture = JsonParser.parseString(TestFiles.read(f)).getAsJsonObject();
                for (JsonElement c : fixture.getAsJsonArray("cases")) {
                    JsonObject kase = c.getAsJsonObject();
                    tests.add(DynamicTest.dynamicTest(kase.get("id").getAsString(), () -> check(kase)));
                }
            }
        }
        return tests;
    }

    private static void check(JsonObject kase) {
        String id = kase.get("id").getAsString();
        Compilation c = Compiler.compile(SourceFile.of(id + ".nnl", kase.get("nnl").getAsString()));
        List<Diagnostic> errors = c.diagnostics().stream().filter(Diagnostic::isError).toList();
        if (kase.has("expect_error")) {
            assertFalse(errors.isEmpty(), id + ": Keras rejects this model, nnl accepted it");
            assertTrue(errors.stream().noneMatch(d -> d.code().id().startsWith("NNL1")),
                    id + ": the case should fail checking, not parsing: " + errors);
            return;
        }
        assertTrue(errors.isEmpty(), id + ": unexpected errors " + errors.stream().map(Diagnostic::message).toList());
        ModelIR m = c.models().values().iterator().next();
        JsonObject expect = kase.getAsJsonObject("expect");
        JsonArray layers = expect.getAsJsonArray("layers");
        assertEquals(layers.size(), m.layers().size(), id + ": layer count");
        for (int i = 0; i < layers.size(); i++) {
            JsonObject want = layers.get(i).getAsJsonObject();
            LayerNode got = m.layers().get(i);
            String at = id + " layer " + i;
            assertEquals(want.get("name").getAsString(), got.name(), at + " name");
            assertEquals(want.get("class_name").getAsString(), got.className(), at + " class");
            assertEquals(want.get("output_shape").toString(), outputShape(got), at + " output shape");
            assertEquals(want.get("params").getAsLong(), got.params(), at + " params");
            assertEquals(want.get("trainable_params").getAsLong(), got.trainableParams(), at + " trainable");
            assertEquals(want.get("non_trainable_params").getAsLong(), got.nonTrainableParams(), at + " non-trainable");
            if (want.has("weights")) {
                assertEquals(weights(want.getAsJsonArray("weights")), weights(got.weights()), at + " weights");
            }
        }
        assertEquals(expect.get("total_params").getAsLong(), m.totalParams(), id + " total");
        assertEquals(expect.get("trainable_params").getAsLong(), m.trainableParams(), id + " trainable total");
    }

    /** The output shape as the fixtures write it: {@code [null,26,26,32]}, a list of lists for several. */
    private static String outputShape(LayerNode n) {
        if (n.outputShapes().size() == 1) {
            return shapeJson(n.outputShapes().get(0));
        }
        return "[" + n.outputShapes().stream().map(OracleContractTest::shapeJson).collect(Collectors.joining(",")) + "]";
    }

    private static String shapeJson(Shape s) {
        return s.withBatch().toString().replace(" ", "");
    }

    private static String weights(JsonArray a) {
        List<String> out = new ArrayList<>();
        for (JsonElement e : a) {
            JsonObject w = e.getAsJsonObject();
            out.add(w.get("name").getAsString() + w.get("shape").toString().replace(" ", ""));
        }
        return String.join(" ", out);
    }

    private static String weights(List<Weight> ws) {
        return ws.stream().map(w -> w.name() + "[" + java.util.Arrays.stream(w.shape().dims())
                .mapToObj(Long::toString).collect(Collectors.joining(",")) + "]").collect(Collectors.joining(" "));
    }

    /**
     * Every registered layer has a fixture file with enough cases: FixtureCoverage's minimum per
     * class and a case for every setting of its per-argument table (the cases themselves pass in
     * everyFixtureCaseMatchesKeras).
     */
    @Test
    void everyRegisteredLayerHasFixturesThatPass() throws IOException {
        List<String> missing = new ArrayList<>();
        for (LayerDef d : Registry.all()) {
            Path f = FIXTURES.resolve(d.className() + ".json");
            if (!Files.exists(f)) {
                missing.add("no Keras fixture for " + d.className());
                continue;
            }
            JsonArray cases = JsonParser.parseString(TestFiles.read(f)).getAsJsonObject().getAsJsonArray("cases");
            List<ModelIR> models = new ArrayList<>();
            for (JsonElement c : cases) {
                JsonObject kase = c.getAsJsonObject();
                if (kase.has("expect")) {
                    Compilation comp = Compiler.compile(SourceFile.of("case.nnl", kase.get("nnl").getAsString()));
                    models.addAll(comp.models().values());
                }
            }
            missing.addAll(FixtureCoverage.missing(FixtureCoverage.Kind.SHAPES, d.className(), cases.size(), models));
        }
        assertEquals(List.of(), missing, "layer classes short of Keras fixture cases");
        List<String> registered = Registry.all().stream().map(LayerDef::className).toList();
        for (String c : FixtureCoverage.tableClasses()) {
            assertTrue(registered.contains(c), "FixtureCoverage names an unregistered layer " + c);
        }
    }

    /**
     * The case counts by source in tools/oracle-fixtures/README.md ("Case counts", the shapes row)
     * are those of the fixture files.
     */
    @Test
    void caseCountsInTheReadmeAreCurrent() throws IOException {
        int classes = 0;
        java.util.Map<String, Integer> bySource = new java.util.TreeMap<>(java.util.Map.of("oracle", 0, "hand", 0, "reference", 0));
        try (var files = Files.list(FIXTURES)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                classes++;
                for (JsonElement c : JsonParser.parseString(TestFiles.read(f)).getAsJsonObject().getAsJsonArray("cases")) {
                    bySource.merge(c.getAsJsonObject().get("source").getAsString(), 1, Integer::sum);
                }
            }
        }
        int cases = bySource.values().stream().mapToInt(Integer::intValue).sum();
        String row = "| shapes | " + classes + " | " + cases + " | " + bySource.get("oracle") + " | "
                + bySource.get("hand") + " | " + bySource.get("reference") + " |";
        String readme = TestFiles.read(TestFiles.repoRoot().resolve("tools/oracle-fixtures/README.md"));
        assertTrue(readme.lines().anyMatch(row::equals), "tools/oracle-fixtures/README.md should have the row " + row);
    }

    @Test
    void everyRegisteredLayerIsDocumented() throws IOException {
        String docs = TestFiles.read(TestFiles.repoRoot().resolve("docs/layers.md"));
        for (LayerDef d : Registry.all()) {
            assertTrue(docs.contains("### " + d.className() + "\n"), "docs/layers.md lacks " + d.className());
            assertNotNull(d.example());
        }
    }
}
