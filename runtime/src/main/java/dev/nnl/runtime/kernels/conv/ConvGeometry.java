package dev.nnl.runtime.kernels.conv;

/**
 * The sizes of one convolution (or pooling) over NHWC data; a 1D layer is the 2D case with
 * height 1. Padding is explicit: {@code padTop}/{@code padLeft} cells before the data; the cells
 * after it are whatever the output size needs (TensorFlow's "same" puts the odd cell at the end).
 */
public record ConvGeometry(int batch, int h, int w, int c, int oh, int ow, int kh, int kw,
                           int sh, int sw, int dh, int dw, int padTop, int padLeft) {

    /** Output length and cells padded before the data for Keras padding valid / same / causal. */
    public static int[] axis(int in, int k, int s, int d, String padding) {
        int effective = (k - 1) * d + 1;
        return switch (padding) {
            case "valid" -> new int[] {Math.floorDiv(in - effective, s) + 1, 0};
            case "same" -> {
                int out = Math.floorDiv(in + s - 1, s);
                int total = Math.max((out - 1) * s + effective - in, 0);
                yield new int[] {out, total / 2};
            }
            case "causal" -> new int[] {Math.floorDiv(in + s - 1, s), effective - 1};
            default -> throw new IllegalArgumentException("padding " + padding);
        };
    }

    public static ConvGeometry of(int batch, int h, int w, int c, int kh, int kw, int sh, int sw, int dh, int dw,
                                  String padding) {
        int[] y = axis(h, kh, sh, dh, padding);
        int[] x = axis(w, kw, sw, dw, padding);
        return new ConvGeometry(batch, h, w, c, y[0], x[0], kh, kw, sh, sw, dh, dw, y[1], x[1]);
    }

    /**
     * The geometry of a window over an NHWC input of shape (batch, h, w, c), or (batch, w, c) for a
     * 1D layer ({@code spatial} = 1, height 1).
     */
    public static ConvGeometry ofInput(long[] shape, int spatial, int kh, int kw, int sh, int sw, int dh, int dw,
                                       String padding) {
        int h = spatial == 2 ? (int) shape[1] : 1;
        return of((int) shape[0], h, (int) shape[spatial], (int) shape[spatial + 1], kh, kw, sh, sw, dh, dw, padding);
    }

    /** The output shape for {@code channels} output channels, in the input's rank. */
    public long[] outShape(int spatial, int channels) {
        return spatial == 2 ? new long[] {batch, oh, ow, channels} : new long[] {batch, ow, channels};
    }

    /** Output positions: rows of the im2col matrix. */
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

    public int rows() {
        return batch * oh * ow;
    }

    /** Whether the padding before the data is what TensorFlow's "same" would choose (so a native op in same mode agrees). */
    boolean samePadding() {
        return axis(h, kh, sh, dh, "same")[1] == padTop && axis(h, kh, sh, dh, "same")[0] == oh
                && axis(w, kw, sw, dw, "same")[1] == padLeft && axis(w, kw, sw, dw, "same")[0] == ow;
    }
}
