package dev.nnl.compiler.layers.activation;

import dev.nnl.compiler.ir.Shape;
import dev.nnl.compiler.layers.ArgType;
import dev.nnl.compiler.layers.LayerArgs;
import dev.nnl.compiler.layers.LayerContext;
import dev.nnl.compiler.layers.ParamSchema;
import dev.nnl.compiler.layers.norm.Axes;

/** keras.layers.Softmax over one axis (the last by default). */
public final class Softmax extends ActivationLayerBase {
    private static final ParamSchema PARAMS = ParamSchema.builder()
            .optional("axis", ArgType.integer(Long.MIN_VALUE), -1L, "-1", "Axis the probabilities sum to 1 over.")
            .build();

    @Override
    public String className() {
        return "Softmax";
    }

    @Override
    public String doc() {
        return "Softmax activation over an axis.";
    }

    @Override
    public String example() {
        return "Softmax()";
    }

    @Override
    public ParamSchema params() {
        return PARAMS;
    }

    @Override
    public String outputActivation(LayerArgs args) {
        return "softmax";
    }

    @Override
    protected Shape output(LayerContext c, Shape in) {
        return Axes.resolve(c, in, c.args().getLong("axis"), "axis") == null ? null : in;
    }
}
