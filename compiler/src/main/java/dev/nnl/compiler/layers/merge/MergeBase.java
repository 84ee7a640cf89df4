package dev.nnl.compiler.layers.merge;

import dev.nnl.compiler.diag.Code;
import dev.nnl.compiler.ir.Shape;
import dev.nnl.compiler.ir.Weight;
import dev.nnl.compiler.layers.Category;
import dev.nnl.compiler.layers.LayerArgs;
import dev.nnl.compiler.layers.LayerContext;
import dev.nnl.compiler.layers.LayerDef;
import dev.nnl.compiler.layers.Masking;
import dev.nnl.compiler.layers.ParamSchema;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Keras's elementwise Merge: inputs of equal rank whose sizes match, or are 1 (broadcast), or
 * unknown.
 */
public abstract class MergeBase implements LayerDef {
    private static final ParamSchema PARAMS = ParamSchema.builder().build();

    @Override
    public Category category() {
        return Category.MERGE;
    }

    @Override
    public boolean isMerge() {
        return true;
    }

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
        return "n inputs of one shape → that shape";
    }

    /** Most merges take any number of inputs from 2 up; Subtract takes exactly 2. */
    public int maxInputs() {
        return Integer.MAX_VALUE;
    }

    @Override
    public List<Shape> outputShapes(LayerContext c, List<Shape> inputs) {
        Shape first = inputs.get(0);
        long[] out = first.dims();
        for (Shape s : inputs.subList(1, inputs.size())) {
            if (s.rank() != first.rank()) {
                return mismatch(c, inputs);
            }
            for (int i = 0; i < out.length; i++) {
                long a = out[i];
                long b = s.dim(i);
                if (a == Shape.NONE || a == 1) {
                    out[i] = b == 1 && a == Shape.NONE ? Shape.NONE : b;
                } else if (b != Shape.NONE && b != 1 && a != b) {
                    return mismatch(c, inputs);
                }
            }
        }
        return List.of(Shape.of(out));
    }

    static List<Shape> mismatch(LayerContext c, List<Shape> inputs) {
        c.error(Code.INCOMPATIBLE_SHAPES, c.callSpan(), c.className(), describe(inputs)).help(lastAxisHelp(inputs)).emit();
        return null;
    }

    /** When only the last axis (units or channels) differs, the usual fix of a residual connection. */
    private static String lastAxisHelp(List<Shape> inputs) {
        Shape first = inputs.get(0);
        for (Shape s : inputs) {
            if (s.rank() != first.rank()) {
                return null;
            }
            for (int i = 0; i < first.rank() - 1; i++) {
                if (s.dim(i) != first.dim(i)) {
                    return null;
                }
            }
        }
        return "the last axes (units or channels) differ: give the branches the same number, "
                + "or project one to match with a Dense or a 1x1 convolution";
    }

    static String describe(List<Shape> inputs) {
        return inputs.stream().map(Shape::toString).collect(Collectors.joining(" and "));
    }

    @Override
    public List<Weight> weights(LayerArgs args, List<Shape> inputs) {
        return List.of();
    }
}
