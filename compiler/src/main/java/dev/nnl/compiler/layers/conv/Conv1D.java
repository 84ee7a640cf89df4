package dev.nnl.compiler.layers.conv;

import dev.nnl.compiler.ir.Shape;

/** keras.layers.Conv1D: convolution over the steps of a sequence. */
public final class Conv1D extends ConvBase {
    public Conv1D() {
        super(1, Padding.VALID, Padding.SAME, Padding.CAUSAL);
    }

    @Override
    public String className() {
        return "Conv1D";
    }

    @Override
    public String doc() {
        return "1D convolution over sequences (text, time series).";
    }

    @Override
    public String shapeRule() {
        return "(batch, steps, channels) → (batch, new_steps, filters)";
    }

    @Override
    public String example() {
        return "Conv1D(64, 5, activation=relu)";
    }

    @Override
    String inputSpec() {
        return "3D input (batch, steps, channels)";
    }

    @Override
    String rankHelp(Shape in) {
        if (in.rank() == 3) {
            return "this looks like an image (batch, height, width, channels): use Conv2D";
        }
        if (in.rank() == 1) {
            return "add a channel axis with Reshape((" + (in.isKnown(0) ? in.dim(0) : -1) + ", 1)), or feed token ids through an Embedding";
        }
        return null;
    }
}
