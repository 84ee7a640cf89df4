package dev.nnl.compiler.layers.activation;

import dev.nnl.compiler.layers.ArgType;
import dev.nnl.compiler.layers.ParamSchema;

/** keras.layers.LeakyReLU: {@code x} above 0, {@code negative_slope·x} below (Keras 2 called it alpha). */
public final class LeakyReLU extends ActivationLayerBase {
    private static final ParamSchema PARAMS = ParamSchema.builder()
            .optional("negative_slope", ArgType.real(0, false, Double.POSITIVE_INFINITY, false), 0.3, "0.3", "Slope for negative inputs.")
            .keras2("alpha")
            .build();

    @Override
    public String className() {
        return "LeakyReLU";
    }

    @Override
    public String doc() {
        return "Leaky rectified linear unit.";
    }

    @Override
    public String example() {
        return "LeakyReLU(negative_slope=0.1)";
    }

    @Override
    public ParamSchema params() {
        return PARAMS;
    }
}
