package dev.nnl.runtime;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Float64 gradient checks of convolution and pooling, one model per argument that changes the
 * math. Each model ends in a layer with weights or feeds the checked input directly, so input
 * and parameter gradients are both compared with finite differences.
 */
class ConvGradientTest {
    @ParameterizedTest
    @ValueSource(strings = {
        "input x: (6, 5, 2)\n Conv2D(3, 3)",
        "input x: (6, 5, 2)\n Conv2D(3, (3, 2), activation=tanh)",
        "input x: (7, 6, 2)\n Conv2D(3, 3, strides=2)",
        "input x: (7, 6, 2)\n Conv2D(3, (2, 3), strides=(2, 3), padding=same)",
        "input x: (6, 6, 2)\n Conv2D(2, 2, strides=2, padding=same)",
        "input x: (5, 5, 2)\n Conv2D(3, 3, padding=same, activation=relu)",
        "input x: (7, 7, 2)\n Conv2D(3, 3, dilation_rate=2)",
        "input x: (7, 6, 2)\n Conv2D(3, (2, 3), dilation_rate=(3, 2), padding=same)",
        "input x: (5, 5, 4)\n Conv2D(6, 3, groups=2)",
        "input x: (5, 5, 6)\n Conv2D(3, 2, groups=3, padding=same, use_bias=false)",
        "input x: (5, 5, 2)\n Conv2D(3, 1, use_bias=false)",
        "input x: (5, 5, 2)\n Conv2D(4, 3, activation=softmax)",
        "input x: (8, 3)\n Conv1D(4, 3)",
        "input x: (9, 3)\n Conv1D(4, 3, strides=2)",
        "input x: (9, 3)\n Conv1D(4, 4, strides=2, padding=same)",
        "input x: (8, 3)\n Conv1D(4, 3, padding=causal)",
        "input x: (9, 3)\n Conv1D(4, 3, dilation_rate=2, padding=causal)",
        "input x: (9, 3)\n Conv1D(2, 2, strides=3, padding=causal)",
        "input x: (9, 3)\n Conv1D(4, 3, dilation_rate=3)",
        "input x: (8, 4)\n Conv1D(4, 3, groups=2, padding=same)",
        "input x: (8, 3)\n Conv1D(4, 2, use_bias=false, activation=sigmoid)",
        "input x: (6) int32\n Embedding(9, 3)\n Conv1D(4, 3, padding=same)\n Flatten()\n Dense(2)",
    })
    void convolution(String body) {
        GradientCheck.check("model M {\n " + body + "\n}\n", 2, true);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "input x: (6, 6, 2)\n MaxPooling2D()",
        "input x: (7, 5, 2)\n MaxPooling2D((3, 2))",
        "input x: (7, 7, 2)\n MaxPooling2D(3, strides=2)",
        "input x: (7, 5, 2)\n MaxPooling2D(2, padding=same)",
        "input x: (7, 6, 2)\n MaxPooling2D((3, 2), strides=(2, 1), padding=same)",
        "input x: (6, 6, 2)\n AveragePooling2D()",
        "input x: (7, 7, 2)\n AveragePooling2D(3, strides=2)",
        "input x: (7, 5, 2)\n AveragePooling2D(2, padding=same)",
        "input x: (5, 6, 2)\n AveragePooling2D((3, 2), strides=(2, 1), padding=same)",
        "input x: (8, 3)\n MaxPooling1D()",
        "input x: (9, 3)\n MaxPooling1D(3, strides=2)",
        "input x: (9, 3)\n MaxPooling1D(2, padding=same)",
        "input x: (8, 3)\n AveragePooling1D()",
        "input x: (9, 3)\n AveragePooling1D(4, strides=3, padding=same)",
        "input x: (9, 3)\n AveragePooling1D(3, strides=1, padding=same)",
        "input x: (6, 6, 1)\n Conv2D(3, 3, activation=relu)\n MaxPooling2D()\n Flatten()\n Dense(2)",
    })
    void pooling(String body) {
        GradientCheck.check("model M {\n " + body + "\n}\n", 2, true);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "input x: (5, 3)\n GlobalAveragePooling1D()",
        "input x: (5, 3)\n GlobalAveragePooling1D(keepdims=true)",
        "input x: (5, 3)\n GlobalMaxPooling1D()",
        "input x: (5, 3)\n GlobalMaxPooling1D(keepdims=true)",
        "input x: (4, 3, 2)\n GlobalAveragePooling2D()",
        "input x: (4, 3, 2)\n GlobalAveragePooling2D(keepdims=true)",
        "input x: (4, 3, 2)\n GlobalMaxPooling2D()",
        "input x: (4, 3, 2)\n GlobalMaxPooling2D(keepdims=true)",
        "input x: (6) int32\n Embedding(9, 3, mask_zero=true)\n GlobalAveragePooling1D()",
        "input x: (6) int32\n Embedding(9, 3, mask_zero=true)\n GlobalAveragePooling1D(keepdims=true)\n Flatten()\n Dense(2)",
        "input x: (6) int32\n Embedding(9, 3, mask_zero=true)\n GlobalMaxPooling1D()",
    })
    void globalPooling(String body) {
        GradientCheck.check("model M {\n " + body + "\n}\n", 3, true);
    }
}
