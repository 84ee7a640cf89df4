package dev.nnl.compiler.layers.merge;

import dev.nnl.compiler.diag.Code;
import dev.nnl.compiler.ir.Shape;
import dev.nnl.compiler.layers.ArgType;
import dev.nnl.compiler.layers.LayerContext;
import dev.nnl.compiler.layers.ParamSchema;
import dev.nnl.compiler.layers.norm.Axes;
import java.util.List;

/** keras.layers.Concatenate: joins inputs along {@code axis}; every other axis must match. */
public final class Concatenate extends MergeBase {
    private static final ParamSchema PARAMS = ParamSchema.builder()
            .keyword("axis", ArgType.integer(Long.MIN_VALUE), -1L, "-1", "Axis to concatenate along.")
            .build();

    @Override
    public String className() {
        return "Concatenate";
    }

    @Override
    public String doc() {
        return "Concatenates its inputs along an axis.";
    }

    @Override
    public String shapeRule() {
        return "inputs equal except on axis → sizes on axis added";
    }

    @Override
    public String example() {
        return "Concatenate(a, b, axis=-1)";
    }

    @Override
    public ParamSchema params() {
        return PARAMS;
    }

    @Override
    public List<Shape> outputShapes(LayerContext c, List<Shape> inputs) {
        Shape first = inputs.get(0);
        for (Shape s : inputs) {
            if (s.rank() != first.rank()) {
                return mismatch(c, inputs);
            }
        }
        Integer axis = Axes.resolve(c, first, c.args().getLong("axis"), "axis");
        if (axis == null) {
            return null;
        }
        long[] out = first.dims();
        for (Shape s : inputs.subList(1, inputs.size())) {
            for (int i = 0; i < out.length; i++) {
                long b = s.dim(i);
                if (i == axis) {
                    if (out[i] != Shape.NONE && b != Shape.NONE && out[i] > Long.MAX_VALUE - b) {
                        c.error(Code.SIZE_OVERFLOW, c.callSpan(), "the concatenated axis", "2^63").emit();
                        return null;
                    }
                    out[i] = out[i] == Shape.NONE || b == Shape.NONE ? Shape.NONE : out[i] + b;
                } else if (out[i] == Shape.NONE) {
                    out[i] = b;
                } else if (b != Shape.NONE && b != out[i]) {
                    return mismatch(c, inputs);
                }
            }
        }
        return List.of(Shape.of(out));
    }
}
