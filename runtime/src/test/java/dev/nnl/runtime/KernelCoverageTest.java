package dev.nnl.runtime;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnl.compiler.layers.LayerDef;
import dev.nnl.compiler.layers.Registry;
import dev.nnl.runtime.kernels.Kernels;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** Every layer the compiler accepts can be trained, and has Keras forward fixtures. */
class KernelCoverageTest {
    @Test
    void everyRegisteredLayerHasAKernelAndForwardFixtures() {
        for (LayerDef d : Registry.all()) {
            assertTrue(Kernels.supports(d.className()), "no kernel for " + d.className());
            assertTrue(Files.exists(Fixtures.FORWARD.resolve(d.className() + ".json")), "no forward fixture for " + d.className());
        }
    }
}
