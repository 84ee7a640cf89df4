package dev.nnl.compiler.layers.conv;

import dev.nnl.compiler.ir.Shape;

/**
 * One spatial axis of a convolution or pooling window: its size, step and dilation, with the
 * padding of the layer. This is the one place that knows Keras's output-length and padding rule
 * (keras/src/ops/operation_utils.py): the compiler's shape inference, the runtime's kernels and
 * its export all ask it.
 */
public record Window(long kernel, long stride, long dilation, Padding padding) {

    /** The axis of a 1D layer that a 2D computation sees as height: one cell, never padded. */
    static Window unit(Padding padding) {
        return new Window(1, 1, 1, padding);
    }

    /** Cells the dilated window spans, {@code (kernel - 1) * dilation + 1}; saturates at Long.MAX_VALUE, larger than any input. */
    public long effectiveKernel() {
        try {
            return Math.addExact(Math.multiplyExact(kernel - 1, dilation), 1);
        } catch (ArithmeticException tooLarge) {
            return Long.MAX_VALUE;
        }
    }

    /**
     * Output cells for {@code in} input cells: valid gives floor((in - effective) / stride) + 1
     * (zero or less when the input is too small), same and causal give ceil(in / stride).
     * {@link Shape#NONE} in gives NONE out.
     */
    public long outputLength(long in) {
        if (in == Shape.NONE) {
            return Shape.NONE;
        }
        if (padding == Padding.VALID) {
            return Math.floorDiv(in - effectiveKernel(), stride) + 1;
        }
        // ceil(in / stride) for in >= 0 without the overflow of in + stride - 1.
        return Math.floorDiv(in - 1, stride) + 1;
    }

    /** Padding cells before the data: none for valid, half the total (rounded down) for same, all of it for causal. */
    public long padBefore(long in) {
        return switch (padding) {
            case VALID -> 0;
            case SAME -> totalPadding(in) / 2;
            case CAUSAL -> effectiveKernel() - 1;
        };
    }

    /** Padding cells after the data: whatever the output length still needs once {@link #padBefore} is placed. */
    public long padAfter(long in) {
        return Math.max(0, totalPadding(in) - padBefore(in));
    }

    private long totalPadding(long in) {
        return Math.max((outputLength(in) - 1) * stride + effectiveKernel() - in, 0);
    }
}
