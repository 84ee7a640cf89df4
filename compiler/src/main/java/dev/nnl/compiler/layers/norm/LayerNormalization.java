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

/** keras.layers.LayerNormalization: normalizes each sample over the given axes. */
public final class LayerNormalization extends SingleInputLayer {
    private static final ParamSchema PARAMS = ParamSchema.builder()
            .optional("axis", ArgType.intTuple(), new long[] {-1}, "-1", "Axis or axes to normalize over.")
            .optional("epsilon", ArgType.real(0, true, Double.POSITIVE_INFINITY, false), 1e-3, "0.001", "Added to the variance to avoid dividing by zero.")
            .optional("center", ArgType.bool(), true, "true", "Learn an offset beta.")
            .optional("scale", ArgType.bool(), true, "true", "Learn a scale gamma.")
            .optional("rms_scaling", ArgType.bool(), false, "false", "Divide by sqrt(variance + epsilon) without centering or beta (Keras 3 semantics; deprecated there).")
            .include(Common.betaGamma(false))
            .build();

    @Override
    public String className() {
        return "LayerNormalization";
    }

    @Override
    public Category category() {
        return Category.NORMALIZATION;
    }

    @Override
    public String doc() {
        return "Normalizes each sample over its last axis (or the given axes).";
    }

    @Override
    public String shapeRule() {
        return "same shape as the input";
    }

    @Override
    public String example() {
        return "LayerNormalization()";
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
        for (long axis : c.args().getLongs("axis")) {
            Integer i = Axes.resolve(c, in, axis, "axis");
            if (i == null || !c.requireKnown(in, i, "size on the normalized axis")) {
                return null;
            }
        }
        return in;
    }

    @Override
    protected List<Weight> weights(LayerArgs a, Shape in) {
        long[] axes = a.getLongs("axis");
        long[] dims = new long[axes.length];
        for (int i = 0; i < axes.length; i++) {
            dims[i] = in.dim(Axes.index(in, axes[i]));
        }
        // Keras 3 shapes gamma/beta by the normalized axes: (d,) for the usual single axis.
        Shape shape = Shape.of(dims);
        List<Weight> w = new ArrayList<>();
        boolean rms = a.getBool("rms_scaling");
        if (a.getBool("scale") || rms) {
            w.add(new Weight("gamma", shape, true));
        }
        if (a.getBool("center") && !rms) {
            w.add(new Weight("beta", shape, true));
        }
        return w;
    }
}
