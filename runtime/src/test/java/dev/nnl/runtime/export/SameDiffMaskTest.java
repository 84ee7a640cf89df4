package dev.nnl.runtime.export;

import dev.nnl.runtime.Models;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Masks through the layers that read or combine them (merges, Concatenate, pooling, recurrent
 * directions), against the runtime's own inference pass: no Keras fixture covers these mixes.
 */
class SameDiffMaskTest {
    private static final Map<String, String> MODELS = MaskedModels.with(Map.of(
            "masked merges over an unknown number of steps", """
                    model M {
                        input a: (none) int32
                        input b: (none) int32
                        ea = a -> Embedding(10, 4, mask_zero=true)
                        eb = b -> Embedding(10, 4, mask_zero=true)
                        s = Add(ea, eb)
                        c = Concatenate(ea, s)
                        m = Maximum(c, c)
                        output m -> GlobalAveragePooling1D(), Concatenate(ea, eb, axis=1) -> GlobalMaxPooling1D()
                    }
                    """));

    @TestFactory
    List<DynamicTest> maskedModelsAgreeWithThePlan() {
        return MODELS.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> DynamicTest.dynamicTest(e.getKey(), () -> SameDiffSamplesTest.check(Models.model(e.getValue()))))
                .toList();
    }
}
