package dev.nnl.compiler.layers.recurrent;

import dev.nnl.compiler.layers.ArgType;
import dev.nnl.compiler.layers.Common;
import dev.nnl.compiler.layers.ParamSchema;

/** keras.layers.SimpleRNN: {@code h = activation(x @ kernel + h @ recurrent_kernel + bias)}. */
public final class SimpleRNN extends RnnBase {
    private static final ParamSchema PARAMS = common(ParamSchema.builder()
            .required("units", ArgType.integer(1), "Size of the state and output.")
            .optional("activation", Common.ACTIVATION, "tanh", "tanh", "Activation of the state."), false)
            .build();

    public SimpleRNN() {
        super(1);
    }

    @Override
    public String className() {
        return "SimpleRNN";
    }

    @Override
    public String doc() {
        return "Fully connected recurrent layer (Elman network).";
    }

    @Override
    public String example() {
        return "SimpleRNN(32)";
    }

    @Override
    public ParamSchema params() {
        return PARAMS;
    }
}
