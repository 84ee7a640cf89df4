package dev.nnl.compiler.layers.core;

import dev.nnl.compiler.ir.Shape;
import dev.nnl.compiler.layers.ArgType;
import dev.nnl.compiler.layers.Category;
import dev.nnl.compiler.layers.LayerContext;
import dev.nnl.compiler.layers.ParamSchema;
import dev.nnl.compiler.layers.SingleInputLayer;

/** keras.layers.RepeatVector: repeats a vector {@code n} times into a sequence. */
public final class RepeatVector extends SingleInputLayer {
    private static final ParamSchema PARAMS = ParamSchema.builder()
            .required("n", ArgType.integer(1), "Number of repetitions.")
            .build();

    @Override
    public String className() {
        return "RepeatVector";
    }

    @Override
    public Category category() {
        return Category.CORE;
    }

    @Override
    public String doc() {
        return "Repeats its input vector n times, making a sequence.";
    }

    @Override
    public String shapeRule() {
        return "(batch, features) → (batch, n, features)";
    }

    @Override
    public String example() {
        return "RepeatVector(10)";
    }

    @Override
    public ParamSchema params() {
        return PARAMS;
    }

    @Override
    public boolean keepsDtype() {
        return true;
    }

    @Override
    protected Shape output(LayerContext c, Shape in) {
        if (!c.requireRank(in, 1, "2D input (batch, features)", "flatten or pool the input first")) {
            return null;
        }
        return in.prepend(c.args().getLong("n"));
    }
}
