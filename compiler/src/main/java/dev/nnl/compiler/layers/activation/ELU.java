package dev.nnl.compiler.layers.activation;

import dev.nnl.compiler.layers.ArgType;
import dev.nnl.compiler.layers.ParamSchema;

/** keras.layers.ELU: {@code x} above 0, {@code alpha·(exp(x) − 1)} below. */
public final class ELU extends ActivationLayerBase {
    private static final ParamSchema PARAMS = ParamSchema.builder()
            .optional("alpha", ArgType.real(), 1.0, "1.0", "Scale of the negative part.")
            .build();

    @Override
    public String className() {
        return "ELU";
    }

    @Override
    public String doc() {
        return "Exponential linear unit.";
    }

    @Override
    public String example() {
        return "ELU(alpha=1.0)";
    }

    @Override
    public ParamSchema params() {
        return PARAMS;
    }
}
