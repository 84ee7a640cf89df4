package dev.nnl.compiler.layers.core;

import dev.nnl.compiler.diag.Code;
import dev.nnl.compiler.ir.Shape;
import dev.nnl.compiler.layers.ArgType;
import dev.nnl.compiler.layers.Category;
import dev.nnl.compiler.layers.LayerContext;
import dev.nnl.compiler.layers.ParamSchema;
import dev.nnl.compiler.layers.SingleInputLayer;

/** keras.layers.Permute: reorders the per-sample axes; {@code dims} counts from 1. */
public final class Permute extends SingleInputLayer {
    private static final ParamSchema PARAMS = ParamSchema.builder()
            .required("dims", ArgType.intTuple(), "A permutation of 1..rank (the batch axis is not included).")
            .build();

    @Override
    public String className() {
        return "Permute";
    }

    @Override
    public Category category() {
        return Category.CORE;
    }

    @Override
    public String doc() {
        return "Permutes the axes of each sample.";
    }

    @Override
    public String shapeRule() {
        return "(batch, d1, d2, …) → (batch, d[dims[0]], d[dims[1]], …)";
    }

    @Override
    public String example() {
        return "Permute((2, 1))";
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
        long[] dims = c.args().getLongs("dims");
        boolean[] seen = new boolean[in.rank() + 1];
        boolean ok = dims.length == in.rank();
        for (long d : dims) {
            ok &= d >= 1 && d <= in.rank() && !seen[(int) d];
            if (ok) {
                seen[(int) d] = true;
            }
        }
        if (!ok) {
            c.error(Code.ARGUMENT_VALUE, c.args().span("dims"), "dims",
                    "expected a permutation of 1.." + in.rank() + " for input " + in).emit();
            return null;
        }
        long[] out = new long[dims.length];
        for (int i = 0; i < dims.length; i++) {
            out[i] = in.dim((int) dims[i] - 1);
        }
        return Shape.of(out);
    }
}
