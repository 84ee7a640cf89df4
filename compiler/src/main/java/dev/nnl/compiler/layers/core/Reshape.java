package dev.nnl.compiler.layers.core;

import dev.nnl.compiler.diag.Code;
import dev.nnl.compiler.ir.Shape;
import dev.nnl.compiler.layers.ArgType;
import dev.nnl.compiler.layers.Category;
import dev.nnl.compiler.layers.LayerContext;
import dev.nnl.compiler.layers.ParamSchema;
import dev.nnl.compiler.layers.SingleInputLayer;

/** keras.layers.Reshape: a per-sample target shape; one {@code -1} takes the size that fits. */
public final class Reshape extends SingleInputLayer {
    private static final ParamSchema PARAMS = ParamSchema.builder()
            .required("target_shape", ArgType.intTuple(), "The per-sample output shape; one axis may be -1.")
            .build();

    @Override
    public String className() {
        return "Reshape";
    }

    @Override
    public Category category() {
        return Category.CORE;
    }

    @Override
    public String doc() {
        return "Reshapes each sample, keeping its number of elements.";
    }

    @Override
    public String shapeRule() {
        return "(batch, …) → (batch, *target_shape)";
    }

    @Override
    public String example() {
        return "Reshape((28, 28, 1))";
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
        long[] target = c.args().getLongs("target_shape");
        int unknownAt = -1;
        long known = 1;
        for (int i = 0; i < target.length; i++) {
            long d = target[i];
            if (d == -1 && unknownAt < 0) {
                unknownAt = i;
                continue;
            }
            if (d <= 0) {
                c.error(Code.ARGUMENT_VALUE, c.args().span("target_shape"), "target_shape",
                        d == -1 ? "only one axis may be -1" : "sizes must be positive or -1, found " + d).emit();
                return null;
            }
            Long m = c.multiply("the target size", known, d);
            if (m == null) {
                return null;
            }
            known = m;
        }
        long total = in.fullyKnown() ? 1 : Shape.NONE;
        for (int i = 0; total != Shape.NONE && i < in.rank(); i++) {
            Long m = c.multiply("the input size", total, in.dim(i));
            if (m == null) {
                return null;
            }
            total = m;
        }
        if (total == Shape.NONE) {
            // Keras leaves the -1 axis unknown when the input size is unknown.
            return Shape.of(target.clone());
        }
        String targetText = targetText(target);
        if (unknownAt < 0 && known != total || unknownAt >= 0 && total % known != 0) {
            c.error(Code.RESHAPE_SIZE, c.args().span("target_shape"), in + " (" + total + " elements per sample)", targetText)
                    .help(unknownAt >= 0 ? total + " is not divisible by " + known
                            : "the target has " + known + " elements per sample; use -1 for the axis that should adapt")
                    .emit();
            return null;
        }
        long[] out = target.clone();
        if (unknownAt >= 0) {
            out[unknownAt] = total / known;
        }
        return Shape.of(out);
    }

    private static String targetText(long[] t) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < t.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(t[i]);
        }
        return sb.append(t.length == 1 ? ",)" : ")").toString();
    }
}
