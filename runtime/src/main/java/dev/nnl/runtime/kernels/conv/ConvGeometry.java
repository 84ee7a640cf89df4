package dev.nnl.runtime.kernels.conv;

import dev.nnl.compiler.layers.conv.ConvSpec;
import dev.nnl.compiler.layers.conv.Padding;
import dev.nnl.compiler.layers.conv.Window;

/**
 * The sizes of one convolution (or pooling) over NHWC data; a 1D layer is the 2D case with
 * height 1. Padding is explicit: {@code padTop}/{@code padLeft} cells before the data; the cells
 * after it are whatever the output size needs (TensorFlow's "same" puts the odd cell at the end).
 */
public record ConvGeometry(int batch, int h, int w, int c, int oh, int ow, int kh, int kw,
                           int sh, int sw, int dh, int dw, int padTop, int padLeft) {

    /** Output length and cells padded before the data for Keras padding valid / same / causal (the rule is {@link Window}'s). */
    public static int[] axis(int in, int k, int s, int d, String padding) {
        Window window = new Window(k, s, d, Padding.of(padding));
        return new int[] {(int) window.outputLength(in), (int) window.padBefore(in)};
    }

    public static ConvGeometry of(int batch, int h, int w, int c, int kh, int kw, int sh, int sw, int dh, int dw,
                                  String padding) {
        int[] y = axis(h, kh, sh, dh, padding);
        int[] x = axis(w, kw, sw, dw, padding);
        return new ConvGeometry(batch, h, w, c, y[0], x[0], kh, kw, sh, sw, dh, dw, y[1], x[1]);
    }

    /**
     * The geometry of {@code spec}'s window over an NHWC input of shape (batch, h, w, c), or
     * (batch, w, c) for a 1D layer (height 1, the spec's unit height window).
     */
    public static ConvGeometry of(ConvSpec spec, long[] shape) {
        int rank = shape.length;
        int h = rank == 4 ? (int) shape[1] : 1;
        int w = (int) shape[rank - 2];
        Window y = spec.height();
        Window x = spec.width();
        return new ConvGeometry((int) shape[0], h, w, (int) shape[rank - 1],
                (int) y.outputLength(h), (int) x.outputLength(w), (int) y.kernel(), (int) x.kernel(),
                (int) y.stride(), (int) x.stride(), (int) y.dilation(), (int) x.dilation(),
                (int) y.padBefore(h), (int) x.padBefore(w));
    }

    /** The output shape for {@code channels} output channels, in the input's rank. */
    public long[] outShape(int spatial, int channels) {
        return spatial == 2 ? new long[] {batch, oh, ow, channels} : new long[] {batch, ow, channels};
    }

    /** First input row of output row {@code oy}'s window, clipped to the image (pooling). */
    public int windowTop(int oy) {
        return Math.max(oy * sh - padTop, 0);
    }

    /** One past the last input row of output row {@code oy}'s window, clipped to the image. */
    public int windowBottom(int oy) {
        return Math.min(oy * sh - padTop + kh, h);
    }

    /** First input column of output column {@code ox}'s window, clipped to the image. */
    public int windowLeft(int ox) {
        return Math.max(ox * sw - padLeft, 0);
    }

    /** One past the last input column of output column {@code ox}'s window, clipped to the image. */
    public int windowRight(int ox) {
        return Math.min(ox * sw - padLeft + kw, w);
    }

    /** The same window over a batch of {@code n} samples. */
    public ConvGeometry withBatch(int n) {
        return new ConvGeometry(n, h, w, c, oh, ow, kh, kw, sh, sw, dh, dw, padTop, padLeft);
    }

    /** Output positions: rows of the im2col matrix. */
    public int rows() {
        return batch * oh * ow;
    }
}
