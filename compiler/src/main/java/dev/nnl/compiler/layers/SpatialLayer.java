package dev.nnl.compiler.layers;

/**
 * A single-input layer over 1 or 2 spatial axes, channels_last: the 1D and 2D twins of
 * convolution, pooling, global pooling and spatial dropout.
 */
public abstract class SpatialLayer extends SingleInputLayer {
    /** Number of spatial axes: 1 (steps) or 2 (height, width). */
    protected final int spatial;

    protected SpatialLayer(int spatial) {
        this.spatial = spatial;
    }

    @Override
    public final Family family() {
        return Family.spatial(spatial);
    }
}
