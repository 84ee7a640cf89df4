package dev.nnl.compiler.layers.activation;

import dev.nnl.compiler.ir.Shape;
import dev.nnl.compiler.layers.Category;
import dev.nnl.compiler.layers.LayerArgs;
import dev.nnl.compiler.layers.LayerContext;
import dev.nnl.compiler.layers.Masking;
import dev.nnl.compiler.layers.SingleInputLayer;

/** Elementwise activation layers: same shape out, no weights, masks pass through. */
abstract class ActivationLayerBase extends SingleInputLayer {
    @Override
    public Category category() {
        return Category.ACTIVATION;
    }

    @Override
    public String shapeRule() {
        return "same shape as the input";
    }

    @Override
    public Masking masking() {
        return Masking.PROPAGATE;
    }

    /** A rectifier for the loss lints, which only tell softmax, sigmoid and linear outputs apart; Softmax says so. */
    @Override
    public String outputActivation(LayerArgs args) {
        return "relu";
    }

    @Override
    protected Shape output(LayerContext c, Shape in) {
        return in;
    }
}
