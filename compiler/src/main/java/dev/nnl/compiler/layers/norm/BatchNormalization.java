package dev.nnl.compiler.layers.norm;

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

/**
 * keras.layers.BatchNormalization over one axis. gamma and beta train; the moving mean and
 * variance are updated by statistics, not gradients, so they count as non-trainable.
 */
public final class BatchNormalization extends SingleInputLayer {
    private static final ParamSchema PARAMS = ParamSchema.builder()
            .optional("axis", ArgType.integer(Long.MIN_VALUE), -1L, "-1", "The feature axis to normalize per (usually channels).")
            .optional("momentum", ArgType.real(0, false, 1, false), 0.99, "0.99", "Momentum of the moving statistics.")
            .optional("epsilon", ArgType.real(0, true, Double.POSITIVE_INFINITY, false), 1e-3, "0.001", "Added to the variance to avoid dividing by zero.")
            .optional("center", ArgType.bool(), true, "true", "Learn an offset beta.")
            .optional("scale", ArgType.bool(), true, "true", "Learn a scale gamma.")
            .include(Common.betaGamma(true))
            .build();

    @Override
    public String className() {
        return "BatchNormalization";
    }

    @Override
    public Category category() {
        return Category.NORMALIZATION;
    }

    @Override
    public String doc() {
        return "Normalizes each feature with batch statistics while training and moving averages at inference.";
    }

    @Override
    public String shapeRule() {
        return "same shape as the input";
    }

    @Override
    public String example() {
        return "BatchNormalization()";
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
        Integer axis = Axes.resolve(c, in, c.args().getLong("axis"), "axis");
        if (axis == null || !c.requireKnown(in, axis, "size on the normalized axis")) {
            return null;
        }
        return in;
    }

    @Override
    protected List<Weight> weights(LayerArgs a, Shape in) {
        long n = in.dim(Axes.index(in, a.getLong("axis")));
        List<Weight> w = new ArrayList<>();
        if (a.getBool("scale")) {
            w.add(new Weight("gamma", Shape.of(n), true));
        }
        if (a.getBool("center")) {
            w.add(new Weight("beta", Shape.of(n), true));
        }
        w.add(new Weight("moving_mean", Shape.of(n), false));
        w.add(new Weight("moving_variance", Shape.of(n), false));
        return w;
    }
}
