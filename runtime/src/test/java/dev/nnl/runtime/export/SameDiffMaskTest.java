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
    private static final Map<String, String> MODELS = Map.of(
            "masked merges feed an LSTM", """
                    model M {
                        input w: (7) int32
                        e = w -> Embedding(12, 4, mask_zero=true)
                        a = e -> Dense(3, activation=tanh)
                        b = e -> Dense(3)
                        mx = Maximum(a, b)
                        mn = Minimum(a, b)
                        mu = Multiply(a, b)
                        s = Add(mx, mn, mu)
                        output s -> LSTM(2, return_sequences=true) -> GRU(2)
                    }
                    """,
            "masked concatenations feed recurrent layers", """
                    model M {
                        input w: (6) int32
                        e = w -> Embedding(9, 3, mask_zero=true)
                        f = e -> Dense(2)
                        c = Concatenate(e, f)
                        t = Concatenate(e, e, axis=1)
                        output c -> SimpleRNN(3), t -> LSTM(2, go_backwards=true)
                    }
                    """,
            "masked bidirectional, pooling and normalization", """
                    model M {
                        input w: (8) int32
                        Embedding(15, 4, mask_zero=true)
                        LayerNormalization()
                        BatchNormalization()
                        Bidirectional(SimpleRNN(3, return_sequences=true), merge_mode=ave)
                        Bidirectional(GRU(2, return_sequences=true, reset_after=false), merge_mode=mul)
                        GlobalAveragePooling1D()
                    }
                    """,
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
                    """,
            "sequence to sequence with go_backwards", """
                    model M {
                        input w: (5) int32
                        Embedding(10, 3, mask_zero=true)
                        LSTM(4, go_backwards=true, return_sequences=true)
                        LSTM(3)
                        RepeatVector(4)
                        GRU(2, return_sequences=true, go_backwards=true)
                    }
                    """);

    @TestFactory
    List<DynamicTest> maskedModelsAgreeWithThePlan() {
        return MODELS.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> DynamicTest.dynamicTest(e.getKey(), () -> SameDiffSamplesTest.check(Models.model(e.getValue()))))
                .toList();
    }
}
