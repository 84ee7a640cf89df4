package dev.nnl.compiler.layers.core;

import dev.nnl.compiler.ir.Shape;
import dev.nnl.compiler.ir.Weight;
import dev.nnl.compiler.layers.ArgType;
import dev.nnl.compiler.layers.Category;
import dev.nnl.compiler.layers.Common;
import dev.nnl.compiler.layers.LayerArgs;
import dev.nnl.compiler.layers.LayerContext;
import dev.nnl.compiler.layers.Masking;
import dev.nnl.compiler.layers.ParamSchema;
import dev.nnl.compiler.layers.SingleInputLayer;
import java.util.ArrayList;
import java.util.List;

/** keras.layers.Dense: {@code activation(x @ kernel + bias)} on the last axis. */
public final class Dense extends SingleInputLayer {
    private static final ParamSchema PARAMS = ParamSchema.builder()
            .required("units", ArgType.integer(1), "Size of the output's last axis.")
            .optional("activation", Common.ACTIVATION, "linear", "none", "Activation applied to the output (none is linear).")
            .optional("use_bias", ArgType.bool(), true, "true", "Whether to add a bias vector.")
            .include(Common.kernelAndBias("glorot_uniform"))
            .build();

    @Override
    public String className() {
        return "Dense";
    }

    @Override
    public Category category() {
        return Category.CORE;
    }

    @Override
    public String doc() {
        return "Fully connected layer on the last axis.";
    }

    @Override
    public String shapeRule() {
        return "(batch, …, d) → (batch, …, units)";
    }

    @Override
    public String example() {
        return "Dense(128, activation=relu)";
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
        if (!c.requireMinRank(in, 1, "input of at least 2D (batch, features)", null)
                || !c.requireKnown(in, in.rank() - 1, "last dimension (features)",
                        "a variable-length axis makes it unknown (Flatten of a sequence, say): summarize the sequence with "
                                + "GlobalAveragePooling1D or GlobalMaxPooling1D instead, or give the input a fixed length")) {
            return null;
        }
        return in.withLast(c.args().getLong("units"));
    }

    @Override
    protected List<Weight> weights(LayerArgs a, Shape in) {
        long units = a.getLong("units");
        List<Weight> w = new ArrayList<>(Common.weights("kernel", Shape.of(in.last(), units)));
        if (a.getBool("use_bias")) {
            w.addAll(Common.weights("bias", Shape.of(units)));
        }
        return w;
    }
}
