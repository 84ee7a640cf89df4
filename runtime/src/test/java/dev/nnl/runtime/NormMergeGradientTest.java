package dev.nnl.runtime;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Float64 gradient checks of normalization and merge layers, one model per argument that changes the math. */
class NormMergeGradientTest {
    @ParameterizedTest
    @ValueSource(strings = {
        "input x: (4)\n BatchNormalization()",
        "input x: (4)\n BatchNormalization(center=false)",
        "input x: (4)\n BatchNormalization(scale=false)",
        "input x: (4)\n BatchNormalization(center=false, scale=false)\n Dense(2)",
        "input x: (4)\n BatchNormalization(epsilon=0.5, momentum=0.5)",
        "input x: (3, 4)\n BatchNormalization()",
        "input x: (3, 4)\n BatchNormalization(axis=1)",
        "input x: (3, 4, 2)\n BatchNormalization(axis=-2)",
        "input x: (4, 4, 3)\n Conv2D(2, 3, use_bias=false)\n BatchNormalization()\n ReLU()",
        "input x: (6) int32\n Embedding(9, 3, mask_zero=true)\n BatchNormalization()\n GlobalAveragePooling1D()",
        "input x: (6) int32\n Embedding(9, 3, mask_zero=true)\n BatchNormalization(axis=1)\n GlobalAveragePooling1D()",
    })
    void batchNormalizationTraining(String body) {
        GradientCheck.check("model M {\n " + body + "\n}\n", 4, true);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "input x: (4)\n BatchNormalization()",
        "input x: (4)\n BatchNormalization(center=false, scale=false)\n Dense(2)",
        "input x: (3, 4)\n BatchNormalization(axis=1)",
        "input x: (6) int32\n Embedding(9, 3, mask_zero=true)\n BatchNormalization()\n GlobalAveragePooling1D()",
    })
    void batchNormalizationInference(String body) {
        GradientCheck.check("model M {\n " + body + "\n}\n", 4, false);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "input x: (5)\n LayerNormalization()",
        "input x: (5)\n LayerNormalization(epsilon=0.3)",
        "input x: (5)\n LayerNormalization(center=false)",
        "input x: (5)\n LayerNormalization(scale=false)",
        "input x: (5)\n LayerNormalization(center=false, scale=false)\n Dense(2)",
        "input x: (5)\n LayerNormalization(rms_scaling=true)",
        "input x: (3, 5)\n LayerNormalization(rms_scaling=true, epsilon=0.01)",
        "input x: (3, 4)\n LayerNormalization(axis=1)",
        "input x: (3, 4)\n LayerNormalization(axis=(1, 2))",
        "input x: (3, 4, 2)\n LayerNormalization(axis=(-3, -1))",
        "input x: (3, 4, 2)\n LayerNormalization(axis=2)",
        "input x: (3, 4, 2)\n LayerNormalization(axis=(1, 3), rms_scaling=true)",
    })
    void layerNormalization(String body) {
        GradientCheck.check("model M {\n " + body + "\n}\n", 3, true);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "output Add(a, b)",
        "output Add(a, b, c)",
        "output Subtract(a, b)",
        "output Multiply(a, b)",
        "output Multiply(a, b, c)",
        "output Average(a, b, c)",
        "output Maximum(a, b)",
        "output Maximum(a, b, c)",
        "output Minimum(a, b)",
        "output Minimum(a, c, b)",
        "output Add(a, d)",
        "output Subtract(d, a)",
        "output Multiply(a, d, e)",
        "output Average(e, a)",
        "output Maximum(d, a)",
        "output Minimum(a, e)",
        "output Concatenate(a, b)",
        "output Concatenate(a, b, c, axis=1)",
        "output Concatenate(a, f, axis=2)",
        "output Concatenate(a, g, b, axis=-1)",
        "output Concatenate(a, f, b, axis=-2)",
    })
    void merges(String body) {
        GradientCheck.check("model M {\n input a: (3, 4, 2)\n input b: (3, 4, 2)\n input c: (3, 4, 2)\n"
                + " input d: (1, 4, 2)\n input e: (3, 1, 1)\n input f: (3, 2, 2)\n input g: (3, 4, 3)\n " + body + "\n}\n", 3, true);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "Add(x, y)", "Subtract(x, y)", "Multiply(x, y)", "Average(x, y)", "Maximum(x, y)", "Minimum(x, y)",
        "Multiply(x, z)", "Maximum(z, x)", "Minimum(x, z)",
        "Concatenate(x, y)", "Concatenate(x, z, axis=1)",
    })
    void mergesWithMasks(String merge) {
        GradientCheck.check("model M {\n input t: (6) int32\n input u: (6) int32\n input v: (6, 3)\n"
                + " x = t -> Embedding(9, 3, mask_zero=true)\n"
                + " y = u -> Embedding(9, 3, mask_zero=true)\n"
                + " z = v -> Dense(3)\n"
                + " output " + merge + " -> GlobalAveragePooling1D()\n}\n", 3, true);
    }
}
