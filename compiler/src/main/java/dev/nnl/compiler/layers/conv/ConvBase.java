package dev.nnl.compiler.layers.conv;

import dev.nnl.compiler.diag.Code;
import dev.nnl.compiler.ir.Shape;
import dev.nnl.compiler.ir.Weight;
import dev.nnl.compiler.layers.ArgType;
import dev.nnl.compiler.layers.Category;
import dev.nnl.compiler.layers.Common;
import dev.nnl.compiler.layers.LayerArgs;
import dev.nnl.compiler.layers.LayerContext;
import dev.nnl.compiler.layers.ParamSchema;
import dev.nnl.compiler.layers.SingleInputLayer;
import java.util.ArrayList;
import java.util.List;

/**
 * Keras's BaseConv for N spatial axes, channels_last. The kernel is
 * {@code (*kernel_size, in_channels / groups, filters)}, as Keras stores it.
 */
abstract class ConvBase extends SingleInputLayer {
    private final int spatial;
    private final ParamSchema params;

    ConvBase(int spatial, Padding... paddings) {
        this.spatial = spatial;
        this.params = ParamSchema.builder()
                .required("filters", ArgType.integer(1), "Number of output channels.")
                .required("kernel_size", ArgType.ints(spatial, 1), "Size of the convolution window.")
                .optional("strides", ArgType.ints(spatial, 1), ones(), "1", "Step of the window.")
                .optional("padding", ArgType.choice("padding", Padding.names(paddings)), "valid", "valid",
                        "`valid` (no padding) or `same` (output size ceil(n / strides))"
                                + (spatial == 1 ? "; `causal` pads on the left only" : "") + ".")
                .optional("data_format", Common.DATA_FORMAT, "channels_last", "channels_last", "Layout of the input.")
                .optional("dilation_rate", ArgType.ints(spatial, 1), ones(), "1", "Spacing between kernel elements.")
                .optional("groups", ArgType.integer(1), 1L, "1", "Number of channel groups convolved separately.")
                .optional("activation", Common.ACTIVATION, "linear", "none", "Activation applied to the output.")
                .optional("use_bias", ArgType.bool(), true, "true", "Whether to add a bias vector.")
                .include(Common.kernelAndBias("glorot_uniform"))
                .build();
    }

    private long[] ones() {
        long[] o = new long[spatial];
        java.util.Arrays.fill(o, 1);
        return o;
    }

    @Override
    public Category category() {
        return Category.CONVOLUTION;
    }

    @Override
    public ParamSchema params() {
        return params;
    }

    /** What the input looks like, for the rank error ("3D input (batch, steps, channels)"). */
    abstract String inputSpec();

    /** Help when the rank is wrong, pointing at the layer of the other family. */
    abstract String rankHelp(Shape in);

    @Override
    protected Shape output(LayerContext c, Shape in) {
        LayerArgs a = c.args();
        if (!c.requireRank(in, spatial + 1, inputSpec(), rankHelp(in))
                || !c.requireKnown(in, spatial, "channel dimension")) {
            return null;
        }
        ConvSpec spec = ConvSpec.of(a);
        long groups = a.getLong("groups");
        long filters = a.getLong("filters");
        long channels = in.last();
        if (spec.strided() && spec.dilated()) {
            c.error(Code.ARGUMENT_VALUE, a.span("dilation_rate"), "dilation_rate",
                    "strides > 1 cannot be combined with dilation_rate > 1").help("use strides=1 or dilation_rate=1").emit();
            return null;
        }
        if (filters % groups != 0 || channels % groups != 0) {
            c.error(Code.ARGUMENT_VALUE, a.span("groups"), "groups",
                    "filters (" + filters + ") and input channels (" + channels + ") must both be divisible by groups (" + groups + ")").emit();
            return null;
        }
        long[] out = new long[spatial + 1];
        for (int i = 0; i < spatial; i++) {
            out[i] = spec.outputLength(i, in.dim(i));
            // Test the input, not the result: a too-small input can give -1, which is also NONE.
            if (in.isKnown(i) && out[i] <= 0) {
                c.error(Code.EMPTY_OUTPUT, a.span("kernel_size"), className(),
                        "input " + in + " is smaller than the " + (spec.axis(i).dilation() > 1 ? "dilated " : "")
                                + "kernel " + spec.kernelText() + " with padding=valid")
                        .help("use padding=same, a smaller kernel_size, or drop a pooling layer before this one").emit();
                return null;
            }
        }
        out[spatial] = filters;
        return Shape.of(out);
    }

    @Override
    protected List<Weight> weights(LayerArgs a, Shape in) {
        ConvSpec spec = ConvSpec.of(a);
        long[] dims = new long[spatial + 2];
        for (int i = 0; i < spatial; i++) {
            dims[i] = spec.axis(i).kernel();
        }
        dims[spatial] = in.last() / a.getLong("groups");
        dims[spatial + 1] = a.getLong("filters");
        List<Weight> w = new ArrayList<>(Common.weights("kernel", Shape.of(dims)));
        if (a.getBool("use_bias")) {
            w.addAll(Common.weights("bias", Shape.of(a.getLong("filters"))));
        }
        return w;
    }
}
