package dev.nnl.compiler.layers.conv;

import java.util.Arrays;

/** Keras's {@code padding} argument of convolution and pooling layers, as the source spells it. */
public enum Padding {
    /** No padding: the window stays inside the input. */
    VALID("valid"),
    /** Pads so that the output has ceil(n / stride) cells; the odd padding cell goes after the data, as in TensorFlow. */
    SAME("same"),
    /** Pads on the left only, so that no output step sees a later input step (Conv1D). */
    CAUSAL("causal");

    private final String keras;

    Padding(String keras) {
        this.keras = keras;
    }

    /** The name written in source and in Keras, e.g. {@code same}. */
    public String keras() {
        return keras;
    }

    /** The padding a checked argument names; the schema has already rejected any other word. */
    public static Padding of(String keras) {
        return Arrays.stream(values()).filter(p -> p.keras.equals(keras)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("padding " + keras));
    }

    /** The source names of {@code paddings}, for an argument schema. */
    static String[] names(Padding... paddings) {
        return Arrays.stream(paddings).map(Padding::keras).toArray(String[]::new);
    }
}
