package dev.nnl.compiler.layers.pooling;

/** keras.layers.AveragePooling2D. */
public final class AveragePooling2D extends PoolBase {
    public AveragePooling2D() {
        super(2);
    }

    @Override
    public String className() {
        return "AveragePooling2D";
    }

    @Override
    public String doc() {
        return "Downsamples images by the average over each window.";
    }

    @Override
    public String example() {
        return "AveragePooling2D(2)";
    }
}
