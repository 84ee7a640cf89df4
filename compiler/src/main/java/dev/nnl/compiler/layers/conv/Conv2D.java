package dev.nnl.compiler.layers.conv;

import dev.nnl.compiler.ir.Shape;

/** keras.layers.Conv2D: convolution over the height and width of images (channels_last). */
public final class Conv2D extends ConvBase {
    public Conv2D() {
        super(2, Padding.VALID, Padding.SAME);
    }

    @Override
    public String className() {
        return "Conv2D";
    }

    @Override
    public String doc() {
        return "2D convolution over images (channels_last).";
    }

    @Override
    public String shapeRule() {
        return "(batch, h, w, channels) → (batch, new_h, new_w, filters)";
    }

    @Override
    public String example() {
        return "Conv2D(32, 3, padding=same, activation=relu)";
    }

    @Override
    String inputSpec() {
        return "4D input (batch, height, width, channels)";
    }

    @Override
    String rankHelp(Shape in) {
        if (in.rank() == 2) {
            return "this is a sequence or a one-channel image: use Conv1D for sequences, or add a channel axis "
                    + "with Reshape((" + dimText(in, 0) + ", " + dimText(in, 1) + ", 1)) for an image";
        }
        return null;
    }

    private static String dimText(Shape s, int i) {
        return s.isKnown(i) ? Long.toString(s.dim(i)) : "-1";
    }
}
