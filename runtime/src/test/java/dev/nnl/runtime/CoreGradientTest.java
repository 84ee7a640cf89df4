package dev.nnl.runtime;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Gradient checks of the core layers, one model per argument that changes the math. */
class CoreGradientTest {
    @ParameterizedTest
    @ValueSource(strings = {"linear", "relu", "sigmoid", "tanh", "softmax", "softplus", "softsign", "selu", "elu",
            "gelu", "swish", "hard_sigmoid", "exponential", "leaky_relu", "relu6", "mish", "log_softmax"})
    void denseWithEachActivation(String activation) {
        GradientCheck.check("model M {\n input x: (5)\n Dense(4, activation=" + activation + ")\n}\n", 3, false);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "input x: (3, 5)\n Dense(4, use_bias=false)",
        "input x: (4, 3)\n Flatten()\n Dense(3)",
        "input x: (12)\n Reshape((3, -1))\n Dense(2)",
        "input x: (3, 4)\n Permute((2, 1))\n Dense(2)",
        "input x: (4)\n RepeatVector(3)\n Dense(2)",
        "input x: (6)\n Dense(5)\n Dropout(0.4)\n Dense(2)",
        "input x: (6)\n Dense(5)\n GaussianNoise(0.3)\n Dense(2)",
        "input x: (6)\n ReLU(max_value=0.8, negative_slope=0.1, threshold=-0.2)",
        "input x: (6)\n LeakyReLU(0.2)",
        "input x: (6)\n ELU(0.7)",
        "input x: (3, 4)\n Softmax(axis=1)",
        "input x: (3, 4)\n Activation(tanh)",
        "input x: (5) int32\n Embedding(7, 3)\n Flatten()\n Dense(2)",
    })
    void coreLayers(String body) {
        GradientCheck.check("model M {\n " + body + "\n}\n", 3, true);
    }
}
