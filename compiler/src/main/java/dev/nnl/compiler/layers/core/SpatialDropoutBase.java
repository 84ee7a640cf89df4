package dev.nnl.compiler.layers.core;

import dev.nnl.compiler.ir.Shape;
import dev.nnl.compiler.layers.Category;
import dev.nnl.compiler.layers.Common;
import dev.nnl.compiler.layers.LayerContext;
import dev.nnl.compiler.layers.Masking;
import dev.nnl.compiler.layers.ParamSchema;
import dev.nnl.compiler.layers.SpatialLayer;

/** Keras's SpatialDropout: drops whole channels, for inputs with {@code spatial} axes before them. */
abstract class SpatialDropoutBase extends SpatialLayer {
    private static final ParamSchema PARAMS = ParamSchema.builder()
            .required("rate", Common.RATE, "Fraction of the channels to drop, in [0, 1).")
            .optional("seed", Common.SEED, null, "none", "Random seed.")
            .build();

    SpatialDropoutBase(int spatial) {
        super(spatial);
    }

    @Override
    public Category category() {
        return Category.REGULARIZATION;
    }

    /** Keras 3's SpatialDropout subclasses Dropout, which passes masks on. */
    @Override
    public Masking masking() {
        return Masking.PROPAGATE;
    }

    @Override
    public ParamSchema params() {
        return PARAMS;
    }

    @Override
    public String shapeRule() {
        return "same shape as the input";
    }

    @Override
    protected Shape output(LayerContext c, Shape in) {
        String spec = spatial == 1 ? "3D input (batch, steps, channels)" : "4D input (batch, height, width, channels)";
        return c.requireRank(in, spatial + 1, spec, null) ? in : null;
    }
}
