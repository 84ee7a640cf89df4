package dev.nnl.runtime.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import dev.nnl.compiler.ir.ModelIR;
import dev.nnl.compiler.layers.FixtureCoverage;
import dev.nnl.compiler.layers.LayerDef;
import dev.nnl.compiler.layers.Registry;
import dev.nnl.runtime.Fixtures;
import dev.nnl.runtime.Models;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Every layer the compiler accepts has exactly one runtime entry, and the entry has every facet
 * (LayerRuntime's constructor refuses a missing one): it can be trained, it can be exported to
 * SameDiff and to ONNX, and it has Keras forward fixtures, enough of them: FixtureCoverage's minimum
 * per class and a case for every setting of its per-argument table (ForwardFixtureTest runs them,
 * and OnnxFixtureTest runs them through ONNX Runtime).
 */
class LayerRuntimeCoverageTest {
    @Test
    void everyRegisteredLayerHasOneRuntimeAndForwardFixtures() throws IOException {
        Set<String> compiler = Registry.all().stream().map(LayerDef::className).collect(Collectors.toSet());
        assertEquals(compiler, LayerRuntimes.classNames(), "compiler layers vs runtime entries");
        List<String> missing = new ArrayList<>();
        for (String c : compiler.stream().sorted().toList()) {
            LayerRuntime r = LayerRuntimes.of(c);
            assertTrue(r.kernel() != null && r.lowering() != null && r.onnx() != null && r.keras() != null, "a facet missing for " + c);
            Path f = Fixtures.FORWARD.resolve(c + ".json");
            if (!Files.exists(f)) {
                missing.add("no forward fixture for " + c);
                continue;
            }
            JsonArray cases = JsonParser.parseString(Files.readString(f)).getAsJsonObject().getAsJsonArray("cases");
            List<ModelIR> models = new ArrayList<>();
            for (JsonElement kase : cases) {
                models.add(Models.model(kase.getAsJsonObject().get("nnl").getAsString()));
            }
            missing.addAll(FixtureCoverage.missing(FixtureCoverage.Kind.FORWARD, c, cases.size(), models));
        }
        assertEquals(List.of(), missing, "layer classes short of Keras forward cases");
    }

    /**
     * The forward case counts by source in tools/oracle-fixtures/README.md ("Case counts", the
     * forward row) and in the fixtures' own README are those of the fixture files.
     */
    @Test
    void caseCountsInTheReadmesAreCurrent() throws IOException {
        int classes = 0;
        Map<String, Integer> bySource = new TreeMap<>(Map.of("oracle", 0, "hand", 0, "reference", 0));
        try (var files = Files.list(Fixtures.FORWARD)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                classes++;
                for (JsonElement c : JsonParser.parseString(Files.readString(f)).getAsJsonObject().getAsJsonArray("cases")) {
                    bySource.merge(c.getAsJsonObject().get("source").getAsString(), 1, Integer::sum);
                }
            }
        }
        int cases = bySource.values().stream().mapToInt(Integer::intValue).sum();
        String row = "| forward | " + classes + " | " + cases + " | " + bySource.get("oracle") + " | "
                + bySource.get("hand") + " | " + bySource.get("reference") + " |";
        String tools = Files.readString(Path.of("../tools/oracle-fixtures/README.md"));
        assertTrue(tools.lines().anyMatch(row::equals), "tools/oracle-fixtures/README.md should have the row " + row);
        String own = classes + " classes, " + cases + " cases (" + bySource.get("oracle") + " `oracle`, "
                + bySource.get("reference") + " `reference`)";
        assertTrue(Files.readString(Fixtures.FORWARD.resolve("README.md")).contains(own),
                "runtime/src/test/resources/oracle/forward/README.md should say " + own);
    }

    /**
     * Every layer has a Keras mapping, and its exceptions name real keys: an ignored or refused
     * key is not one of nnl's arguments (those go through the generic rule), and a TF.js spelling
     * renames an argument that exists.
     */
    @Test
    void everyLayerHasAKerasMappingWhoseKeysAreConsistent() {
        for (LayerDef d : Registry.all()) {
            KerasMapping k = LayerRuntimes.of(d.className()).keras();
            assertTrue(k != null, "no Keras mapping for " + d.className());
            for (String key : k.ignored()) {
                assertTrue(d.params().get(key) == null, d.className() + ": ignores `" + key + "`, an nnl argument");
            }
            for (String key : k.refusals().keySet()) {
                assertTrue(d.params().get(key) == null, d.className() + ": refuses `" + key + "`, an nnl argument");
            }
            for (String key : k.tfjsKeys().keySet()) {
                assertTrue(d.params().get(key) != null, d.className() + ": a TF.js spelling for `" + key + "`, not an nnl argument");
            }
            if (k.nested() != null) {
                assertTrue(d.params().get(k.nested()) != null, d.className() + ": nests `" + k.nested() + "`, not an nnl argument");
            }
        }
    }
}
