package dev.nnl.compiler.layers.conv;

import dev.nnl.compiler.layers.LayerArgs;
import java.util.Arrays;

/**
 * The window of a Conv1D/Conv2D or pooling layer, read once from its checked arguments: one
 * {@link Window} per spatial axis (kernel or pool size, stride, dilation) and the {@link Padding}.
 * Axes are the input's spatial axes in order, channels_last: (steps) for 1D, (height, width) for
 * 2D. {@link #height()} and {@link #width()} give the NHWC view that treats a 1D layer as 2D over
 * a height of one, so no caller picks axes by hand.
 */
public final class ConvSpec {
    private final Window[] axes;
    private final Padding padding;

    private ConvSpec(Window[] axes, Padding padding) {
        this.axes = axes;
        this.padding = padding;
    }

    /**
     * The spec of a convolution ({@code kernel_size}, {@code strides}, {@code dilation_rate}) or a
     * pooling layer ({@code pool_size}, {@code strides} defaulting to the pool size as in Keras,
     * no dilation), told apart by which of {@code kernel_size} and {@code pool_size} the arguments hold.
     */
    public static ConvSpec of(LayerArgs a) {
        Padding padding = Padding.of(a.getString("padding"));
        boolean conv = a.values().containsKey("kernel_size");
        long[] kernel = a.getLongs(conv ? "kernel_size" : "pool_size");
        long[] strides = a.get("strides") == null ? kernel : a.getLongs("strides");
        long[] dilation = conv ? a.getLongs("dilation_rate") : null;
        Window[] axes = new Window[kernel.length];
        for (int i = 0; i < axes.length; i++) {
            axes[i] = new Window(kernel[i], strides[i], dilation == null ? 1 : dilation[i], padding);
        }
        return new ConvSpec(axes, padding);
    }

    /** Number of spatial axes: 1 for the 1D layers, 2 for the 2D ones. */
    public int spatial() {
        return axes.length;
    }

    public Padding padding() {
        return padding;
    }

    /** The window on spatial axis {@code i} (0 ≤ i &lt; {@link #spatial()}). */
    public Window axis(int i) {
        return axes[i];
    }

    /** The window on the height axis of the NHWC view: axis 0 in 2D, a unit window in 1D. */
    public Window height() {
        return axes.length == 2 ? axes[0] : Window.unit(padding);
    }

    /** The window on the width axis of the NHWC view: the last spatial axis. */
    public Window width() {
        return axes[axes.length - 1];
    }

    /** Output cells on spatial axis {@code i} for {@code inputLength} input cells; see {@link Window#outputLength}. */
    public long outputLength(int i, long inputLength) {
        return axes[i].outputLength(inputLength);
    }

    /** Whether some axis steps by more than one. */
    public boolean strided() {
        return Arrays.stream(axes).anyMatch(w -> w.stride() > 1);
    }

    /** Whether some axis is dilated. */
    public boolean dilated() {
        return Arrays.stream(axes).anyMatch(w -> w.dilation() > 1);
    }

    /** The kernel or pool size as Keras prints it: {@code (3, 3)}, or {@code 3} for one axis. */
    public String kernelText() {
        if (axes.length == 1) {
            return Long.toString(axes[0].kernel());
        }
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < axes.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(axes[i].kernel());
        }
        return sb.append(')').toString();
    }
}
