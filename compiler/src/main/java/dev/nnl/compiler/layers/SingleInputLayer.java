package dev.nnl.compiler.layers;

import dev.nnl.compiler.ir.Shape;
import dev.nnl.compiler.ir.Weight;
import java.util.List;

/** The common case: one input tensor, one output tensor. */
public abstract class SingleInputLayer implements LayerDef {
    @Override
    public final List<Shape> outputShapes(LayerContext c, List<Shape> inputs) {
        Shape out = output(c, inputs.get(0));
        return out == null ? null : List.of(out);
    }

    @Override
    public final List<Weight> weights(LayerArgs args, List<Shape> inputs) {
        return weights(args, inputs.get(0));
    }

    /** The output shape, or null after reporting through {@code c}. */
    protected abstract Shape output(LayerContext c, Shape in);

    /** Weight-less by default. */
    protected List<Weight> weights(LayerArgs args, Shape in) {
        return List.of();
    }
}
