package dev.nnl.compiler.layers.core;

import dev.nnl.compiler.ir.Shape;
import dev.nnl.compiler.layers.ArgType;
import dev.nnl.compiler.layers.Category;
import dev.nnl.compiler.layers.Common;
import dev.nnl.compiler.layers.LayerContext;
import dev.nnl.compiler.layers.Masking;
import dev.nnl.compiler.layers.ParamSchema;
import dev.nnl.compiler.layers.SingleInputLayer;

/** keras.layers.GaussianNoise: adds N(0, stddev²) noise while training; the identity at inference. */
public final class GaussianNoise extends SingleInputLayer {
    private static final ParamSchema PARAMS = ParamSchema.builder()
            .required("stddev", ArgType.real(0, false, Double.POSITIVE_INFINITY, false), "Standard deviation of the noise.")
            .optional("seed", Common.SEED, null, "none", "Random seed.")
            .build();

    @Override
    public String className() {
        return "GaussianNoise";
    }

    @Override
    public Category category() {
        return Category.REGULARIZATION;
    }

    @Override
    public String doc() {
        return "Adds zero-mean Gaussian noise while training (a regularizer and augmentation).";
    }

    @Override
    public String shapeRule() {
        return "same shape as the input";
    }

    @Override
    public String example() {
        return "GaussianNoise(0.1)";
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
        return in;
    }
}
