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
 * (LayerRuntime's constructor refuses a missing one): it can be trained, it can be exported, and
 * it has Keras forward fixtures.
 */
class LayerRuntimeCoverageTest {
    @Test
    void everyRegisteredLayerHasOneRuntimeAndForwardFixtures() {
        Set<String> compiler = Registry.all().stream().map(LayerDef::className).collect(Collectors.toSet());
        assertEquals(compiler, LayerRuntimes.classNames(), "compiler layers vs runtime entries");
        for (String c : compiler) {
            assertTrue(Files.exists(Fixtures.FORWARD.resolve(c + ".json")), "no forward fixture for " + c);
        }
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
