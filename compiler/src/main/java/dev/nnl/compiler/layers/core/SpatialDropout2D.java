package dev.nnl.compiler.layers.core;

/** keras.layers.SpatialDropout2D. */
public final class SpatialDropout2D extends SpatialDropoutBase {
    public SpatialDropout2D() {
        super(2);
    }

    @Override
    public String className() {
        return "SpatialDropout2D";
    }

    @Override
    public String doc() {
        return "Dropout of image feature maps (whole channels) while training.";
    }

    @Override
    public String example() {
        return "SpatialDropout2D(0.2)";
    }
}
