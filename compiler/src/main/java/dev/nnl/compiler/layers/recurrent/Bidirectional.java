package dev.nnl.compiler.layers.recurrent;

import dev.nnl.compiler.diag.Code;
import dev.nnl.compiler.ir.Shape;
import dev.nnl.compiler.ir.Weight;
import dev.nnl.compiler.layers.ArgType;
import dev.nnl.compiler.layers.BoundLayer;
import dev.nnl.compiler.layers.Category;
import dev.nnl.compiler.layers.Family;
import dev.nnl.compiler.layers.LayerArgs;
import dev.nnl.compiler.layers.LayerContext;
import dev.nnl.compiler.layers.LayerDef;
import dev.nnl.compiler.layers.Masking;
import dev.nnl.compiler.layers.ParamSchema;
import dev.nnl.compiler.layers.TensorKind;
import java.util.ArrayList;
import java.util.List;

/**
 * keras.layers.Bidirectional: runs a copy of a recurrent layer forwards and one backwards and
 * merges them. {@code merge_mode=none} gives two outputs.
 */
public final class Bidirectional implements LayerDef {
    private static final ParamSchema PARAMS = ParamSchema.builder()
            .required("layer", ArgType.layer(), "The recurrent layer to run in both directions.")
            .optional("merge_mode", ArgType.optional(ArgType.choice("merge mode", "concat", "sum", "mul", "ave")),
                    "concat", "concat", "How to combine the two directions: `concat`, `sum`, `mul`, `ave`, or `none` for two outputs.")
            .build();

    @Override
    public String className() {
        return "Bidirectional";
    }

    @Override
    public Category category() {
        return Category.WRAPPER;
    }

    @Override
    public String doc() {
        return "Runs a recurrent layer in both directions and merges the results.";
    }

    @Override
    public String shapeRule() {
        return "as the wrapped layer, with the last axis doubled for merge_mode=concat";
    }

    @Override
    public String example() {
        return "Bidirectional(LSTM(64, return_sequences=true))";
    }

    @Override
    public ParamSchema params() {
        return PARAMS;
    }

    /** Reads sequences like the layer it wraps; it keeps the kind of its input (it gives {@link TensorKind#ANY}). */
    @Override
    public Family family() {
        return Family.RECURRENT;
    }

    @Override
    public Masking masking(LayerArgs args) {
        BoundLayer inner = inner(args);
        return inner.def().masking(inner.args());
    }

    @Override
    public boolean returnsLastStepOnly(LayerArgs args) {
        BoundLayer inner = inner(args);
        return inner.def().returnsLastStepOnly(inner.args());
    }

    private static BoundLayer inner(LayerArgs args) {
        return (BoundLayer) args.get("layer");
    }

    @Override
    public List<Shape> outputShapes(LayerContext c, List<Shape> inputs) {
        BoundLayer inner = inner(c.args());
        if (inner.def().category() != Category.RECURRENT) {
            c.error(Code.WRAPPED_LAYER, inner.span(), className(), "`" + inner.def().className() + "`, not a recurrent layer")
                    .help("wrap SimpleRNN, LSTM or GRU").emit();
            return null;
        }
        if (inner.args().getBool("go_backwards")) {
            c.error(Code.ARGUMENT_VALUE, inner.args().span("go_backwards"), "go_backwards",
                            "Bidirectional already runs a backward copy; the layer it wraps must have go_backwards=false")
                    .help("remove `go_backwards=true`").emit();
            return null;
        }
        List<Shape> one = inner.def().outputShapes(new LayerContext(c, inner.args(), inner.def().className()), inputs);
        if (one == null) {
            return null;
        }
        Shape s = one.get(0);
        String mode = (String) c.args().get("merge_mode");
        if (mode == null) {
            return List.of(s, s);
        }
        return List.of(mode.equals("concat") ? s.withLast(s.last() * 2) : s);
    }

    @Override
    public List<Weight> weights(LayerArgs args, List<Shape> inputs) {
        BoundLayer inner = inner(args);
        List<Weight> w = new ArrayList<>();
        for (String direction : List.of("forward_", "backward_")) {
            for (Weight x : inner.def().weights(inner.args(), inputs)) {
                w.add(new Weight(direction + x.name(), x.shape(), x.trainable()));
            }
        }
        return w;
    }
}
