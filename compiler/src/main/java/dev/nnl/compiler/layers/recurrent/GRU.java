package dev.nnl.compiler.layers.recurrent;

import dev.nnl.compiler.ir.Shape;
import dev.nnl.compiler.layers.ArgType;
import dev.nnl.compiler.layers.Common;
import dev.nnl.compiler.layers.LayerArgs;
import dev.nnl.compiler.layers.ParamSchema;

/**
 * keras.layers.GRU: gates z, r, h. With {@code reset_after=true} (the Keras default) the reset
 * gate applies after the recurrent matmul and the layer keeps separate input and recurrent
 * biases, stored as one (2, 3·units) bias.
 */
public final class GRU extends RnnBase {
    private static final ParamSchema PARAMS = common(ParamSchema.builder()
            .required("units", ArgType.integer(1), "Size of the state and output.")
            .optional("activation", Common.ACTIVATION, "tanh", "tanh", "Activation of the candidate state.")
            .optional("recurrent_activation", Common.ACTIVATION, "sigmoid", "sigmoid", "Activation of the gates."), false)
            .optional("reset_after", ArgType.bool(), true, "true", "Apply the reset gate after the recurrent matmul (Keras and cuDNN default).")
            .build();

    public GRU() {
        super(3);
    }

    @Override
    public String className() {
        return "GRU";
    }

    @Override
    public String doc() {
        return "Gated recurrent unit layer.";
    }

    @Override
    public String example() {
        return "GRU(64)";
    }

    @Override
    public ParamSchema params() {
        return PARAMS;
    }

    @Override
    Shape biasShape(LayerArgs a, long units) {
        return a.getBool("reset_after") ? Shape.of(2, 3 * units) : Shape.of(3 * units);
    }
}
