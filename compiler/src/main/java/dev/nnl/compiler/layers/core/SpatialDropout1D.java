package dev.nnl.compiler.layers.core;

/** keras.layers.SpatialDropout1D. */
public final class SpatialDropout1D extends SpatialDropoutBase {
    public SpatialDropout1D() {
        super(1);
    }

    @Override
    public String className() {
        return "SpatialDropout1D";
    }

    @Override
    public String doc() {
        return "Dropout of sequence feature maps (whole channels, e.g. after an Embedding or Conv1D) while training.";
    }

    @Override
    public String example() {
        return "SpatialDropout1D(0.2)";
    }
}
