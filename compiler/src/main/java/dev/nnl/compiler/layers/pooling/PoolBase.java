package dev.nnl.compiler.layers.pooling;

import dev.nnl.compiler.diag.Code;
import dev.nnl.compiler.ir.Shape;
import dev.nnl.compiler.layers.ArgType;
import dev.nnl.compiler.layers.Category;
import dev.nnl.compiler.layers.Common;
import dev.nnl.compiler.layers.LayerArgs;
import dev.nnl.compiler.layers.LayerContext;
import dev.nnl.compiler.layers.ParamSchema;
import dev.nnl.compiler.layers.SingleInputLayer;
import dev.nnl.compiler.layers.conv.ConvSpec;
import dev.nnl.compiler.layers.conv.Padding;

/** Keras's BasePooling for N spatial axes: strides default to the pool size (not to 1, as in ND4J). */
abstract class PoolBase extends SingleInputLayer {
    private final int spatial;
    private final ParamSchema params;

    PoolBase(int spatial) {
        this.spatial = spatial;
        long[] two = new long[spatial];
        java.util.Arrays.fill(two, 2);
        this.params = ParamSchema.builder()
                .optional("pool_size", ArgType.ints(spatial, 1), two, "2", "Size of the pooling window.")
                .optional("strides", ArgType.optional(ArgType.ints(spatial, 1)), null, "none", "Step of the window (none: pool_size).")
                .optional("padding", ArgType.choice("padding", Padding.VALID.keras(), Padding.SAME.keras()), "valid", "valid", "`valid` or `same`.")
                .optional("data_format", Common.DATA_FORMAT, "channels_last", "channels_last", "Layout of the input.")
                .build();
    }

    @Override
    public Category category() {
        return Category.POOLING;
    }

    @Override
    public ParamSchema params() {
        return params;
    }

    @Override
    public String shapeRule() {
        return spatial == 1 ? "(batch, steps, channels) → (batch, new_steps, channels)"
                : "(batch, h, w, channels) → (batch, new_h, new_w, channels)";
    }

    @Override
    protected Shape output(LayerContext c, Shape in) {
        LayerArgs a = c.args();
        String inputSpec = spatial == 1 ? "3D input (batch, steps, channels)" : "4D input (batch, height, width, channels)";
        String help = spatial == 1 && in.rank() == 3 ? "this looks like an image: use the 2D pooling layer"
                : spatial == 2 && in.rank() == 2 ? "this looks like a sequence: use the 1D pooling layer" : null;
        if (!c.requireRank(in, spatial + 1, inputSpec, help)) {
            return null;
        }
        ConvSpec spec = ConvSpec.of(a);
        long[] out = new long[spatial + 1];
        for (int i = 0; i < spatial; i++) {
            out[i] = spec.outputLength(i, in.dim(i));
            // Test the input, not the result: a too-small input can give -1, which is also NONE.
            if (in.isKnown(i) && out[i] <= 0) {
                c.error(Code.EMPTY_OUTPUT, a.span("pool_size"), className(),
                        "input " + in + " is smaller than pool_size " + spec.kernelText())
                        .help("use padding=same or a smaller pool_size").emit();
                return null;
            }
        }
        out[spatial] = in.last();
        return Shape.of(out);
    }
}
