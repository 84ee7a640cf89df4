package dev.nnl.compiler.layers.recurrent;

import dev.nnl.compiler.layers.ArgType;
import dev.nnl.compiler.layers.Common;
import dev.nnl.compiler.layers.ParamSchema;

/** keras.layers.LSTM: gates stacked i, f, c, o in the kernels, as Keras stores them. */
public final class LSTM extends RnnBase {
    private static final ParamSchema PARAMS = common(ParamSchema.builder()
            .required("units", ArgType.integer(1), "Size of the state and output.")
            .optional("activation", Common.ACTIVATION, "tanh", "tanh", "Activation of the cell and output.")
            .optional("recurrent_activation", Common.ACTIVATION, "sigmoid", "sigmoid", "Activation of the gates."), true)
            .build();

    public LSTM() {
        super(4);
    }

    @Override
    public String className() {
        return "LSTM";
    }

    @Override
    public String doc() {
        return "Long short-term memory layer.";
    }

    @Override
    public String example() {
        return "LSTM(128, return_sequences=true)";
    }

    @Override
    public ParamSchema params() {
        return PARAMS;
    }
}
