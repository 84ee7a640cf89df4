package dev.nnl.compiler.layers.pooling;

/** keras.layers.MaxPooling1D. */
public final class MaxPooling1D extends PoolBase {
    public MaxPooling1D() {
        super(1);
    }

    @Override
    public String className() {
        return "MaxPooling1D";
    }

    @Override
    public String doc() {
        return "Downsamples sequences by the maximum over each window.";
    }

    @Override
    public String example() {
        return "MaxPooling1D(2)";
    }
}
