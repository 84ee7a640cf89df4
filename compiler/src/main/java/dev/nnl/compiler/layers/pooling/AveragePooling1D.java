package dev.nnl.compiler.layers.pooling;

/** keras.layers.AveragePooling1D. */
public final class AveragePooling1D extends PoolBase {
    public AveragePooling1D() {
        super(1);
    }

    @Override
    public String className() {
        return "AveragePooling1D";
    }

    @Override
    public String doc() {
        return "Downsamples sequences by the average over each window.";
    }

    @Override
    public String example() {
        return "AveragePooling1D(2)";
    }
}
