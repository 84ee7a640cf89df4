package dev.nnl.compiler.layers;

import dev.nnl.compiler.diag.Code;
import dev.nnl.compiler.diag.Diagnostics;
import dev.nnl.compiler.ir.Shape;
import dev.nnl.compiler.source.Span;

/**
 * What a layer's shape rule may use: its bound arguments and a way to report errors at the
 * call or at a specific argument.
 */
public final class LayerContext {
    private final Diagnostics diags;
    private final LayerArgs args;
    private final String className;

    public LayerContext(Diagnostics diags, LayerArgs args, String className) {
        this.diags = diags;
        this.args = args;
        this.className = className;
    }

    /** The same reporting, for a wrapped layer's own arguments. */
    public LayerContext(LayerContext outer, LayerArgs args, String className) {
        this(outer.diags, args, className);
    }

    public LayerArgs args() {
        return args;
    }

    public String className() {
        return className;
    }

    public Span callSpan() {
        return args.callSpan();
    }

    public Diagnostics.Builder error(Code code, Span span, Object... messageArgs) {
        return diags.report(code, span, messageArgs);
    }

    /**
     * Checks the per-sample rank. {@code expected} reads like Keras's input spec, e.g.
     * "3D input (batch, steps, channels)"; help may be null.
     */
    public boolean requireRank(Shape in, int rank, String expected, String help) {
        if (in.rank() == rank) {
            return true;
        }
        error(Code.INPUT_RANK, callSpan(), className, expected, "shape " + in + " (" + in.ndim() + "D)")
                .help(help).emit();
        return false;
    }

    public boolean requireMinRank(Shape in, int minRank, String expected, String help) {
        if (in.rank() >= minRank) {
            return true;
        }
        error(Code.INPUT_RANK, callSpan(), className, expected, "shape " + in + " (" + in.ndim() + "D)")
                .help(help).emit();
        return false;
    }

    /** The size of an axis that weights depend on; reports a None dim. */
    public boolean requireKnown(Shape in, int axis, String what) {
        return requireKnown(in, axis, what, "a `none` size comes from a variable-length input: give that input a fixed size");
    }

    public boolean requireKnown(Shape in, int axis, String what, String help) {
        if (in.isKnown(axis)) {
            return true;
        }
        error(Code.UNKNOWN_DIMENSION, callSpan(), className, what, "shape " + in).help(help).emit();
        return false;
    }

    /** Multiplies sizes, reporting a 64-bit overflow instead of wrapping. */
    public Long multiply(String what, long a, long b) {
        try {
            return Math.multiplyExact(a, b);
        } catch (ArithmeticException e) {
            error(Code.SIZE_OVERFLOW, callSpan(), what, "2^63").emit();
            return null;
        }
    }
}
