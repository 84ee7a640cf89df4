package dev.nnl.compiler.layers.core;

import dev.nnl.compiler.ir.Shape;
import dev.nnl.compiler.layers.Category;
import dev.nnl.compiler.layers.Common;
import dev.nnl.compiler.layers.LayerContext;
import dev.nnl.compiler.layers.ParamSchema;
import dev.nnl.compiler.layers.SingleInputLayer;

/** keras.layers.Flatten: one axis per sample; unknown if any input axis is unknown. */
public final class Flatten extends SingleInputLayer {
    private static final ParamSchema PARAMS = ParamSchema.builder()
            .optional("data_format", Common.DATA_FORMAT, "channels_last", "channels_last", "Layout of the input.")
            .build();

    @Override
    public String className() {
        return "Flatten";
    }

    @Override
    public Category category() {
        return Category.CORE;
    }

    @Override
    public String doc() {
        return "Flattens each sample to one axis.";
    }

    @Override
    public String shapeRule() {
        return "(batch, d1, d2, …) → (batch, d1·d2·…)";
    }

    @Override
    public String example() {
        return "Flatten()";
    }

    @Override
    public ParamSchema params() {
        return PARAMS;
    }

    /** Flattening a sequence puts all its steps, padded ones included, side by side as features. */
    @Override
    public boolean readsAcrossSteps() {
        return true;
    }

    @Override
    public boolean keepsDtype() {
        return true;
    }

    @Override
    protected Shape output(LayerContext c, Shape in) {
        if (!in.fullyKnown()) {
            return Shape.of(Shape.NONE);
        }
        long n = 1;
        for (long d : in.dims()) {
            Long m = c.multiply("the flattened size", n, d);
            if (m == null) {
                return null;
            }
            n = m;
        }
        return Shape.of(n);
    }
}
