package dev.nnl.runtime.export;

import java.util.HashMap;
import java.util.Map;

/**
 * Models whose masks (padding from {@code Embedding(mask_zero=true)}) pass through the layers
 * that read or combine them: merges, Concatenate, pooling, normalization and recurrent directions.
 * No Keras fixture covers these mixes, so each export test runs them against the runtime's own
 * inference pass (SameDiffMaskTest, OnnxMaskTest), plus models of its own.
 */
final class MaskedModels {
    private static final Map<String, String> SHARED = Map.of(
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

    private MaskedModels() {
    }

    /** The shared models and {@code own}, by name. */
    static Map<String, String> with(Map<String, String> own) {
        Map<String, String> all = new HashMap<>(SHARED);
        all.putAll(own);
        return all;
    }
}
