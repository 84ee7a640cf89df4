package dev.nnl.compiler.layers.core;

import dev.nnl.compiler.ir.Shape;
import dev.nnl.compiler.layers.ArgType;
import dev.nnl.compiler.layers.Category;
import dev.nnl.compiler.layers.Common;
import dev.nnl.compiler.layers.LayerContext;
import dev.nnl.compiler.layers.Masking;
import dev.nnl.compiler.layers.ParamSchema;
import dev.nnl.compiler.layers.SingleInputLayer;

/** keras.layers.Dropout: zeroes a fraction {@code rate} of inputs while training, scaling the rest by 1/(1-rate). */
public final class Dropout extends SingleInputLayer {
    private static final ParamSchema PARAMS = ParamSchema.builder()
            .required("rate", ArgType.real(0, false, 1, false), "Fraction of the inputs to drop, in [0, 1).")
            .optional("noise_shape", ArgType.optional(ArgType.intTuple()), null, "none", "Shape of the binary mask (none: the input's).")
            .optional("seed", Common.SEED, null, "none", "Random seed.")
            .build();

    @Override
    public String className() {
        return "Dropout";
    }

    @Override
    public Category category() {
        return Category.REGULARIZATION;
    }

    @Override
    public String doc() {
        return "Randomly drops inputs while training (inverted dropout); the identity at inference.";
    }

    @Override
    public String shapeRule() {
        return "same shape as the input";
    }

    @Override
    public String example() {
        return "Dropout(0.5)";
    }

    @Override
    public ParamSchema params() {
        return PARAMS;
    }

    @Override
    public Masking masking() {
        return Masking.PROPAGATE;
    }

    @Override
    public boolean keepsDtype() {
        return true;
    }

    @Override
    protected Shape output(LayerContext c, Shape in) {
        return in;
    }
}
