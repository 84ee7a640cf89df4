package dev.nnl.compiler.layers.core;

import dev.nnl.compiler.ir.Shape;
import dev.nnl.compiler.layers.Category;
import dev.nnl.compiler.layers.Common;
import dev.nnl.compiler.layers.LayerContext;
import dev.nnl.compiler.layers.Masking;
import dev.nnl.compiler.layers.ParamSchema;
import dev.nnl.compiler.layers.SingleInputLayer;

/** keras.layers.Activation: applies a named activation elementwise. */
public final class Activation extends SingleInputLayer {
    private static final ParamSchema PARAMS = ParamSchema.builder()
            .required("activation", Common.ACTIVATION, "The activation to apply.")
            .build();

    @Override
    public String className() {
        return "Activation";
    }

    @Override
    public Category category() {
        return Category.CORE;
    }

    @Override
    public String doc() {
        return "Applies an activation function to its input.";
    }

    @Override
    public String shapeRule() {
        return "same shape as the input";
    }

    @Override
    public String example() {
        return "Activation(relu)";
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
    protected Shape output(LayerContext c, Shape in) {
        return in;
    }
}
