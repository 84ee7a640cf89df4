package dev.nnl.compiler.layers.activation;

import dev.nnl.compiler.layers.ArgType;
import dev.nnl.compiler.layers.ParamSchema;

/** keras.layers.ReLU: {@code min(max_value, x)} above {@code threshold}, {@code negative_slope·(x − threshold)} below. */
public final class ReLU extends ActivationLayerBase {
    private static final ParamSchema PARAMS = ParamSchema.builder()
            .optional("max_value", ArgType.optional(ArgType.real(0, false, Double.POSITIVE_INFINITY, false)), null, "none", "Upper bound of the output (none: unbounded).")
            .optional("negative_slope", ArgType.real(0, false, Double.POSITIVE_INFINITY, false), 0.0, "0", "Slope below the threshold.")
            .optional("threshold", ArgType.real(), 0.0, "0", "Values below it are damped.")
            .build();

    @Override
    public String className() {
        return "ReLU";
    }

    @Override
    public String doc() {
        return "Rectified linear unit, optionally capped and leaky.";
    }

    @Override
    public String example() {
        return "ReLU()";
    }

    @Override
    public ParamSchema params() {
        return PARAMS;
    }
}
