package dev.nnl.runtime.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnl.compiler.layers.LayerDef;
import dev.nnl.compiler.layers.Registry;
import dev.nnl.runtime.Fixtures;
import java.nio.file.Files;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Every layer the compiler accepts has exactly one runtime entry, and the entry has every facet
 * (LayerRuntime's constructor refuses a missing one): it can be trained, it can be exported to
 * SameDiff and to ONNX, and it has Keras forward fixtures (which OnnxFixtureTest also runs
 * through ONNX Runtime).
 */
class LayerRuntimeCoverageTest {
    @Test
    void everyRegisteredLayerHasOneRuntimeAndForwardFixtures() {
        Set<String> compiler = Registry.all().stream().map(LayerDef::className).collect(Collectors.toSet());
        assertEquals(compiler, LayerRuntimes.classNames(), "compiler layers vs runtime entries");
        for (String c : compiler) {
            assertTrue(Files.exists(Fixtures.FORWARD.resolve(c + ".json")), "no forward fixture for " + c);
            LayerRuntime r = LayerRuntimes.of(c);
            assertTrue(r.kernel() != null && r.lowering() != null && r.onnx() != null, "a facet missing for " + c);
        }
    }
}
