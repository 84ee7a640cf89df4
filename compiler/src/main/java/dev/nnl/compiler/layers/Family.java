package dev.nnl.compiler.layers;

/**
 * Which layers a layer is interchangeable with on another kind of data: the checker uses it to
 * point a 2D layer on a sequence at its 1D twin and to find layers that read sequences. The docs
 * group layers by {@link Category} instead.
 */
public enum Family {
    /** Windows over the steps of a sequence: Conv1D, the 1D pooling layers, SpatialDropout1D. */
    SPATIAL_1D(TensorKind.SEQUENCE),
    /** Windows over the height and width of a feature map: the 2D twins of {@link #SPATIAL_1D}. */
    SPATIAL_2D(TensorKind.FEATURE_MAP),
    /** Layers that step through a sequence: SimpleRNN, LSTM, GRU and the Bidirectional wrapper. */
    RECURRENT(TensorKind.SEQUENCE),
    OTHER(TensorKind.ANY);

    private final TensorKind data;

    Family(TensorKind data) {
        this.data = data;
    }

    /** The kind of data the family is made for. */
    public TensorKind data() {
        return data;
    }

    /** The spatial family of a layer with {@code spatial} window axes (1 or 2). */
    public static Family spatial(int spatial) {
        return spatial == 1 ? SPATIAL_1D : SPATIAL_2D;
    }
}
