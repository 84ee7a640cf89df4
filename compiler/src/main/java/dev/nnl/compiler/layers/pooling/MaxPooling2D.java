package dev.nnl.compiler.layers.pooling;

/** keras.layers.MaxPooling2D. */
public final class MaxPooling2D extends PoolBase {
    public MaxPooling2D() {
        super(2);
    }

    @Override
    public String className() {
        return "MaxPooling2D";
    }

    @Override
    public String doc() {
        return "Downsamples images by the maximum over each window.";
    }

    @Override
    public String example() {
        return "MaxPooling2D(2)";
    }
}
