package dev.nnl.runtime.export;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnl.compiler.layers.LayerDef;
import dev.nnl.compiler.layers.Registry;
import dev.nnl.runtime.kernels.Kernels;
import org.junit.jupiter.api.Test;

/** The export registry and the kernel registry list the same layer classes. */
class SameDiffCoverageTest {
    @Test
    void everyLayerWithAKernelCanBeExported() {
        for (LayerDef d : Registry.all()) {
            if (Kernels.supports(d.className())) {
                assertTrue(Lowerings.supports(d.className()), "no SameDiff lowering for " + d.className());
            }
        }
    }

    @Test
    void everyLoweringIsForALayerWithAKernel() {
        for (String c : Lowerings.classNames()) {
            assertTrue(Kernels.supports(c), "SameDiff lowering for " + c + ", which has no kernel");
        }
    }
}
