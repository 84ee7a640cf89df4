package dev.nnl.compiler.check;

import dev.nnl.compiler.analysis.Facts;
import dev.nnl.compiler.analysis.LayerUse;
import dev.nnl.compiler.ast.Expr;
import dev.nnl.compiler.diag.Code;
import dev.nnl.compiler.diag.Diagnostics;
import dev.nnl.compiler.ir.DType;
import dev.nnl.compiler.ir.LayerNode;
import dev.nnl.compiler.ir.Shape;
import dev.nnl.compiler.ir.Weight;
import dev.nnl.compiler.layers.BoundLayer;
import dev.nnl.compiler.layers.LayerArgs;
import dev.nnl.compiler.layers.LayerContext;
import dev.nnl.compiler.layers.LayerDef;
import dev.nnl.compiler.layers.ParamSchema;
import dev.nnl.compiler.layers.Registry;
import dev.nnl.compiler.layers.TensorKind;
import dev.nnl.compiler.value.Value;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies one layer call to its input tensors: binds its arguments, infers its output shapes
 * and weights, adds its node to the graph, and works out the padding mask and the kind of data
 * its outputs carry. Every path returns a tensor, poisoned on failure.
 */
final class LayerApplier {
    private final String model;
    private final Diagnostics diags;
    private final ModelGraph graph;
    private final LayerNames names;
    private final Facts.Builder facts;
    private final Binder binder;
    private final ModelLints lints;

    LayerApplier(String model, Diagnostics diags, ModelGraph graph, LayerNames names, Facts.Builder facts) {
        this.model = model;
        this.diags = diags;
        this.graph = graph;
        this.names = names;
        this.facts = facts;
        this.binder = new Binder(diags, this::bindWrapped);
        this.lints = new ModelLints(diags);
    }

    /**
     * @param args the evaluated call, or null when evaluating it failed (already reported)
     * @param positional the positional arguments to bind (a merge has taken its tensors out)
     */
    SymbolicTensor apply(LayerDef def, Expr.Call call, Value.Call args, List<Value> positional, List<SymbolicTensor> ins) {
        List<SymbolicTensor> flat = new ArrayList<>();
        for (SymbolicTensor t : ins) {
            t.used = true;
            flat.addAll(t.flatten());
        }
        if (args == null) {
            return graph.poison();
        }
        LayerArgs bound = binder.bind(def.className(), def.params(), ParamSchema.UNIVERSAL, args, positional);
        if (bound == null) {
            return graph.poison();
        }
        String layerName = names.of(def, bound);
        boolean poisoned = flat.stream().anyMatch(SymbolicTensor::poisoned);
        if (!def.isMerge() && flat.size() > 1 && !poisoned) {
            diags.report(Code.SEVERAL_OUTPUTS, call.span(), def.className(), flat.size())
                    .help("combine them first, e.g. `-> Concatenate()`").emit();
            return graph.poison();
        }
        if (poisoned || layerName == null) {
            return graph.poison();
        }
        List<Shape> inShapes = flat.stream().map(t -> t.shape).toList();
        SymbolicTensor first = flat.get(0);
        if (def.takes() == TensorKind.IDS && !first.isInput && first.dtype == DType.FLOAT32) {
            // A float input is only declared wrong (a lint); a computed float is never a token id.
            diags.report(Code.DTYPE, call.span(), def.className(), "int32", "float32 (the output of `" + first.producer + "`)")
                    .help("an Embedding looks up token ids: put it first, on an int32 input").emit();
            return graph.poison();
        }
        if (lastStepOnly(def, first, call)) {
            return graph.poison();
        }
        lints.beforeInference(def, bound, call, first);
        List<Shape> out = def.outputShapes(new LayerContext(diags, bound, def.className()), inShapes);
        if (out == null) {
            return graph.poison();
        }
        List<Weight> weights = weights(def, bound, inShapes, call, layerName);
        if (weights == null) {
            return graph.poison();
        }
        DType dtype = def.keepsDtype() ? first.dtype : DType.FLOAT32;
        List<String> inbound = flat.stream().map(t -> t.index == 0 ? t.producer : t.producer + "[" + t.index + "]").toList();
        LayerNode node = new LayerNode(layerName, def, bound, inbound, out, dtype, weights, call.span());
        facts.layer(new LayerUse(model, node, inShapes));
        lints.afterInference(def, bound, node);

        String mask = maskAfter(def, bound, layerName, flat);
        TensorKind kind = kindAfter(def, bound, first.kind, out.get(0));
        List<SymbolicTensor> results = new ArrayList<>();
        for (int i = 0; i < out.size(); i++) {
            results.add(new SymbolicTensor(out.get(i), dtype, layerName, i, node, mask, kind, null, false));
        }
        SymbolicTensor result = results.size() == 1 ? results.get(0)
                : new SymbolicTensor(null, dtype, layerName, 0, node, mask, kind, results, false);
        graph.add(node, result);
        return result;
    }

    /** The layer's weights, frozen unless trainable; null after reporting a parameter count beyond 2^63. */
    private List<Weight> weights(LayerDef def, LayerArgs bound, List<Shape> inShapes, Expr.Call call, String layerName) {
        List<Weight> weights;
        try {
            weights = def.weights(bound, inShapes);
            long sum = 0;
            for (Weight w : weights) {
                sum = Math.addExact(sum, w.size());
            }
        } catch (ArithmeticException overflow) {
            diags.report(Code.SIZE_OVERFLOW, call.span(), "the number of parameters of `" + layerName + "`", "2^63").emit();
            return null;
        }
        if (!bound.getBool("trainable")) {
            weights = weights.stream().map(w -> new Weight(w.name(), w.shape(), false)).toList();
        }
        return weights;
    }

    /**
     * The classic stacked-RNN mistake: a layer that reads sequences fed by a recurrent layer that
     * returns only its last step. Reported here because the fix is on the previous layer.
     */
    private boolean lastStepOnly(LayerDef def, SymbolicTensor in, Expr.Call call) {
        LayerNode prev = in.node;
        if (def.takes() != TensorKind.SEQUENCE || prev == null || in.shape.rank() != 1
                || !prev.def().returnsLastStepOnly(prev.args())) {
            return false;
        }
        int line = prev.span().startPosition().line() + 1;
        diags.report(Code.INPUT_RANK, call.span(), def.className(), "3D input (batch, steps, features)",
                        "shape " + in.shape + ": `" + prev.name() + "` returns only its last step")
                .related(prev.span(), "this layer returns (batch, units)")
                .help("set `return_sequences=true` on `%s` at line %d", prev.name(), line).emit();
        return true;
    }

    /** Binds a layer written as an argument of {@code wrapper} ({@code Bidirectional(LSTM(16))}). */
    private BoundLayer bindWrapped(String wrapper, Value.Call call) {
        LayerDef def = Registry.get(call.name());
        if (def == null || def.isMerge()) {
            List<String> known = Registry.names();
            diags.report(def == null ? Code.UNKNOWN_LAYER : Code.WRAPPED_LAYER, call.nameSpan(),
                            def == null ? call.name() : wrapper, def == null ? null : "a merge layer")
                    .help(def == null ? Suggest.didYouMean(call.name(), known) : "wrap SimpleRNN, LSTM or GRU").emit();
            return null;
        }
        LayerArgs args = binder.bind(def.className(), def.params(), ParamSchema.UNIVERSAL, call, call.positional());
        if (args == null) {
            return null;
        }
        // Keras constructs the wrapped layer first, so it takes a default name (and a number) too.
        String name = args.getString("name") != null ? args.getString("name") : names.nextDefault(def);
        return new BoundLayer(def, args, name, call.span());
    }

    /** The layer whose mask rides on the outputs: this one if it starts a mask, the inputs' if it passes masks on. */
    private static String maskAfter(LayerDef def, LayerArgs args, String layerName, List<SymbolicTensor> ins) {
        return switch (def.masking(args)) {
            case PRODUCE -> layerName;
            case PROPAGATE -> ins.stream().map(t -> t.maskFrom).filter(m -> m != null).findFirst().orElse(null);
            case CONSUME, UNSUPPORTED -> null;
        };
    }

    /** What the output holds: what the layer gives, else what came in while the output has steps or pixels. */
    private static TensorKind kindAfter(LayerDef def, LayerArgs args, TensorKind in, Shape out) {
        TensorKind gives = def.gives(args);
        if (gives != TensorKind.ANY) {
            return gives;
        }
        return out.rank() <= 1 ? TensorKind.ANY : in;
    }
}
