package dev.nnl.compiler.layers.pooling;

import dev.nnl.compiler.ir.Shape;
import dev.nnl.compiler.layers.ArgType;
import dev.nnl.compiler.layers.Category;
import dev.nnl.compiler.layers.Common;
import dev.nnl.compiler.layers.LayerContext;
import dev.nnl.compiler.layers.ParamSchema;
import dev.nnl.compiler.layers.SpatialLayer;

/** Keras's BaseGlobalPooling: reduces every spatial axis; keepdims leaves them as size 1. */
abstract class GlobalPoolBase extends SpatialLayer {
    private static final ParamSchema PARAMS = ParamSchema.builder()
            .optional("data_format", Common.DATA_FORMAT, "channels_last", "channels_last", "Layout of the input.")
            .optional("keepdims", ArgType.bool(), false, "false", "Keep the reduced axes with size 1.")
            .build();

    GlobalPoolBase(int spatial) {
        super(spatial);
    }

    @Override
    public Category category() {
        return Category.POOLING;
    }

    @Override
    public ParamSchema params() {
        return PARAMS;
    }

    @Override
    public String shapeRule() {
        return spatial == 1 ? "(batch, steps, channels) → (batch, channels)"
                : "(batch, h, w, channels) → (batch, channels)";
    }

    @Override
    protected Shape output(LayerContext c, Shape in) {
        String spec = spatial == 1 ? "3D input (batch, steps, channels)" : "4D input (batch, height, width, channels)";
        String help = spatial == 1 && in.rank() == 3 ? "this looks like an image: use the 2D global pooling layer"
                : spatial == 2 && in.rank() == 2 ? "this looks like a sequence: use the 1D global pooling layer" : null;
        if (!c.requireRank(in, spatial + 1, spec, help)) {
            return null;
        }
        if (!c.args().getBool("keepdims")) {
            return Shape.of(in.last());
        }
        long[] out = new long[spatial + 1];
        java.util.Arrays.fill(out, 1);
        out[spatial] = in.last();
        return Shape.of(out);
    }
}
