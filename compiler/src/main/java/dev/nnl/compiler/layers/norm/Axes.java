package dev.nnl.compiler.layers.norm;

import dev.nnl.compiler.diag.Code;
import dev.nnl.compiler.ir.Shape;
import dev.nnl.compiler.layers.LayerContext;

/** Keras axis numbers (batch is 0, -1 is the last) to per-sample indices. */
public final class Axes {
    private Axes() {
    }

    /** The per-sample index of a Keras axis, or null after reporting it out of range. */
    public static Integer resolve(LayerContext c, Shape in, long axis, String argName) {
        long ndim = in.ndim();
        long a = axis < 0 ? axis + ndim : axis;
        if (a < 1 || a >= ndim) {
            c.error(Code.AXIS_RANGE, c.args().span(argName), axis, "input " + in + " (the batch axis 0 cannot be used)").emit();
            return null;
        }
        return (int) a - 1;
    }

    /** As {@link #resolve} for an axis already known to be valid. */
    public static int index(Shape in, long axis) {
        return (int) (axis < 0 ? axis + in.ndim() : axis) - 1;
    }
}
