package dev.nnl.compiler.check;

import dev.nnl.compiler.analysis.BlockUse;
import dev.nnl.compiler.analysis.Facts;
import dev.nnl.compiler.analysis.LayerUse;
import dev.nnl.compiler.ast.Decl;
import dev.nnl.compiler.ast.Expr;
import dev.nnl.compiler.ast.Ident;
import dev.nnl.compiler.ast.Stmt;
import dev.nnl.compiler.diag.Code;
import dev.nnl.compiler.diag.Diagnostics;
import dev.nnl.compiler.ir.DType;
import dev.nnl.compiler.ir.InputNode;
import dev.nnl.compiler.ir.LayerNode;
import dev.nnl.compiler.ir.ModelIR;
import dev.nnl.compiler.ir.OutputRef;
import dev.nnl.compiler.ir.Shape;
import dev.nnl.compiler.ir.Weight;
import dev.nnl.compiler.layers.BoundLayer;
import dev.nnl.compiler.layers.Category;
import dev.nnl.compiler.layers.LayerArgs;
import dev.nnl.compiler.layers.LayerContext;
import dev.nnl.compiler.layers.LayerDef;
import dev.nnl.compiler.layers.Masking;
import dev.nnl.compiler.layers.ParamSchema;
import dev.nnl.compiler.layers.Registry;
import dev.nnl.compiler.layers.merge.MergeBase;
import dev.nnl.compiler.source.Span;
import dev.nnl.compiler.value.Value;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks one model: walks its statements, binds each layer call, infers shapes and builds the
 * IR. A failed layer yields a poisoned tensor (null shape) that later layers accept silently,
 * so one mistake gives one error.
 */
final class ModelChecker {
    /** Names a caller may use that are not layers, for a better message than "unknown layer". */
    private static final Set<String> NOT_LAYERS = Set.of("Adam", "AdamW", "SGD", "RMSprop", "Adagrad",
            "L1", "L2", "L1L2", "MaxNorm", "EarlyStopping", "ModelCheckpoint", "ReduceLROnPlateau", "CSVLogger");

    private static final Set<String> LAYERS_2D = Set.of("Conv2D", "MaxPooling2D", "AveragePooling2D",
            "GlobalMaxPooling2D", "GlobalAveragePooling2D", "SpatialDropout2D");
    private static final Set<String> LAYERS_1D = Set.of("Conv1D", "MaxPooling1D", "AveragePooling1D",
            "GlobalMaxPooling1D", "GlobalAveragePooling1D", "SpatialDropout1D");

    /** What a tensor holds, as far as the rules of thumb care. */
    enum Kind { SEQUENCE, IMAGE, OTHER }

    /** A value flowing between layers. A null shape is poisoned: an error upstream already explains it. */
    static final class Tensor {
        final Shape shape;
        final DType dtype;
        final String producer;
        final int index;
        final LayerNode node;
        final String maskFrom;
        final Kind kind;
        final List<Tensor> parts;
        final boolean isInput;
        boolean used;
        boolean warnedTokens;

        Tensor(Shape shape, DType dtype, String producer, int index, LayerNode node, String maskFrom, Kind kind,
               List<Tensor> parts, boolean isInput) {
            this.shape = shape;
            this.dtype = dtype;
            this.producer = producer;
            this.index = index;
            this.node = node;
            this.maskFrom = maskFrom;
            this.kind = kind;
            this.parts = parts;
            this.isInput = isInput;
        }

        static Tensor failed() {
            return new Tensor(null, DType.FLOAT32, null, 0, null, null, Kind.OTHER, null, false);
        }

        boolean poisoned() {
            return parts == null ? shape == null : parts.stream().anyMatch(Tensor::poisoned);
        }

        List<Tensor> flatten() {
            return parts == null ? List.of(this) : parts;
        }
    }

    /** A bound name in a model or block body. */
    private record Binding(Tensor tensor, Span span) {
    }

    /** Names visible in one body (a model, or one expansion of a block). */
    private final class Frame {
        final Map<String, Binding> names = new LinkedHashMap<>();
        final Scope scope;
        final Tensor incoming;
        Tensor current;
        Tensor last;
        /** An unresolved name was reported here: it may have been meant for a name that looks unused. */
        boolean unresolved;

        Frame(Scope scope, Tensor incoming) {
            this.scope = scope;
            this.incoming = incoming;
            this.current = incoming;
        }
    }

    private final Decl.Model model;
    private final Scope fileScope;
    private final Diagnostics diags;
    private final Evaluator evaluator;
    private final Binder binder;

    private final List<InputNode> inputs = new ArrayList<>();
    private final List<LayerNode> layers = new ArrayList<>();
    private final Map<String, Integer> uids = new HashMap<>();
    private final Map<String, Span> layerNames = new HashMap<>();
    private final Deque<String> blockStack = new ArrayDeque<>();
    private final Map<LayerNode, Tensor> outputsOf = new HashMap<>();
    private int errorsAtStart;
    /** Whether a tensor was poisoned: something failed, reported here or (a constant, a block) elsewhere. */
    private boolean poisonSeen;
    /** Whether the model has an {@code input} statement (even one with a bad shape). */
    private boolean declaresInput;

    /** Every input and inferred layer or block call, also of models with errors, for editors. */
    private final Facts.Builder facts;

    ModelChecker(Decl.Model model, Scope fileScope, Diagnostics diags, Facts.Builder facts) {
        this.model = model;
        this.facts = facts;
        this.fileScope = fileScope;
        this.diags = diags;
        this.evaluator = new Evaluator(diags);
        this.binder = new Binder(diags, this::bindWrapped);
    }

    /** Checks the model; returns its IR, or null when it has errors. */
    ModelIR check() {
        errorsAtStart = diags.errorCount();
        declaresInput = model.body().stream().anyMatch(s -> s instanceof Stmt.Input);
        Frame frame = new Frame(new Scope(fileScope), null);
        List<Tensor> outputs = null;
        Span outputSpan = null;
        for (Stmt s : model.body()) {
            if (s instanceof Stmt.Output o) {
                if (outputs != null) {
                    diags.report(Code.DUPLICATE_NAME, o.span(), "output").related(outputSpan, "first given here").emit();
                    continue;
                }
                outputs = new ArrayList<>();
                outputSpan = o.span();
                for (Stmt.Chain c : o.chains()) {
                    Tensor t = chain(c, frame);
                    t.used = true;
                    outputs.addAll(t.flatten());
                }
            } else {
                statement(s, frame, true);
            }
        }
        if (!declaresInput) {
            // A Keras 2 `input_shape=` is reported where it stands, with the fix; this would repeat it.
            if (!usesKeras2InputShape()) {
                diags.report(Code.NO_INPUT, model.name().span(), model.name().text())
                        .help("declare one, e.g. `input x: (784)`").emit();
            }
            return null;
        }
        if (inputs.isEmpty()) {
            // Declared, but every input shape failed: that error is the one to fix.
            return null;
        }
        if (outputs == null) {
            outputs = frame.last == null ? List.of() : frame.last.flatten();
            if (frame.last != null) {
                frame.last.used = true;
            }
        }
        if (layers.isEmpty() && diags.errorCount() == errorsAtStart && !poisonSeen) {
            // No layer uses the inputs, but saying so as well would only repeat this.
            diags.report(Code.EMPTY_MODEL, model.name().span(), model.name().text())
                    .help("add layers after the input, e.g. `Dense(10, activation=softmax)`").emit();
            return null;
        }
        reportUnused(frame);
        if (diags.errorCount() > errorsAtStart || poisonSeen) {
            return null;
        }
        try {
            // Each layer's count fits; summary and train add them up, so the total must fit too.
            layers.stream().mapToLong(LayerNode::params).reduce(0, Math::addExact);
        } catch (ArithmeticException overflow) {
            diags.report(Code.SIZE_OVERFLOW, model.name().span(), "the total number of parameters of `" + model.name().text() + "`", "2^63").emit();
            return null;
        }
        List<OutputRef> refs = new ArrayList<>();
        for (Tensor t : outputs) {
            refs.add(new OutputRef(t.producer, t.index, t.shape));
        }
        List<LayerNode> kept = reachable(layers, refs);
        reportDeadEnds(kept, frame);
        return new ModelIR(model.name().text(), inputs, kept, refs, model.span());
    }

    /**
     * The layers the outputs depend on, in textual order. Keras builds a functional model from
     * its outputs back, so a branch that leads nowhere (already warned about as unused) has no
     * layers, no parameters and no place in the summary.
     */
    private static List<LayerNode> reachable(List<LayerNode> layers, List<OutputRef> outputs) {
        Map<String, LayerNode> byName = new HashMap<>();
        layers.forEach(n -> byName.put(n.name(), n));
        java.util.Set<String> needed = new java.util.HashSet<>();
        Deque<String> todo = new ArrayDeque<>();
        outputs.forEach(o -> todo.push(o.name()));
        while (!todo.isEmpty()) {
            String name = todo.pop();
            LayerNode n = byName.get(name);
            if (n != null && needed.add(name)) {
                for (String in : n.inbound()) {
                    todo.push(in.endsWith("]") ? in.substring(0, in.lastIndexOf('[')) : in);
                }
            }
        }
        return layers.stream().filter(n -> needed.contains(n.name())).toList();
    }

    /**
     * Warns at the last layer of each branch that feeds no output. A branch ending in a named
     * binding was already reported as an unused name.
     */
    private void reportDeadEnds(List<LayerNode> kept, Frame frame) {
        java.util.Set<String> consumedByDead = new java.util.HashSet<>();
        java.util.Set<LayerNode> dead = new java.util.LinkedHashSet<>(layers);
        kept.forEach(dead::remove);
        for (LayerNode n : dead) {
            for (String in : n.inbound()) {
                consumedByDead.add(in.endsWith("]") ? in.substring(0, in.lastIndexOf('[')) : in);
            }
        }
        java.util.Set<Tensor> bound = new java.util.HashSet<>();
        frame.names.values().forEach(b -> bound.add(b.tensor()));
        for (LayerNode n : dead) {
            if (!consumedByDead.contains(n.name()) && !bound.contains(outputsOf.get(n))) {
                diags.report(Code.DEAD_LAYER, n.span(), n.name())
                        .help("list it in `output`, or remove it").emit();
            }
        }
    }

    private boolean usesKeras2InputShape() {
        for (Stmt s : model.body()) {
            List<Stmt.Chain> chains = s instanceof Stmt.Bind b ? List.of(b.chain()) : s instanceof Stmt.Bare b ? List.of(b.chain())
                    : s instanceof Stmt.Output o ? o.chains() : List.of();
            for (Stmt.Chain c : chains) {
                List<Expr.Call> calls = new ArrayList<>(c.calls());
                if (c.head() instanceof Expr.Call head) {
                    calls.add(head);
                }
                for (Expr.Call call : calls) {
                    if (call.args().stream().anyMatch(a -> a.keyword() != null && Binder.KERAS2_INPUT_ARGS.contains(a.keyword().text()))) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** The result of a failed step; the model it is in will not be returned as checked. */
    private Tensor poison() {
        poisonSeen = true;
        return Tensor.failed();
    }

    // ---- statements ----

    private void statement(Stmt s, Frame frame, boolean inModel) {
        if (s instanceof Stmt.Input in) {
            input(in, frame, inModel);
        } else if (s instanceof Stmt.Let let) {
            Value v = evaluator.eval(let.value(), frame.scope);
            if (frame.scope.definesLocally(let.name().text()) || frame.names.containsKey(let.name().text())) {
                diags.report(Code.DUPLICATE_NAME, let.name().span(), let.name().text()).emit();
            } else if (v != null) {
                frame.scope.defineConstant(let.name().text(), v);
            }
        } else if (s instanceof Stmt.Bind b) {
            Tensor t = chain(b.chain(), frame);
            declare(frame, b.name(), t);
            frame.current = t;
            frame.last = t;
        } else if (s instanceof Stmt.Bare bare) {
            Tensor t = chain(bare.chain(), frame);
            frame.current = t;
            frame.last = t;
        } else if (s instanceof Stmt.Output o) {
            // Only reached inside blocks: the block's result is its last statement.
            diags.report(Code.SYNTAX, o.span(), "a layer or binding", "`output` inside a block")
                    .help("a block's result is its last statement").emit();
        }
    }

    private void input(Stmt.Input in, Frame frame, boolean inModel) {
        String name = in.name().text();
        if (!inModel) {
            // Inside a block, `input x` names the tensor the block is applied to.
            if (in.shape() != null) {
                diags.report(Code.BAD_INPUT_SHAPE, in.shape().span(), "a block's input takes its shape from the caller")
                        .help("write `input " + name + "` without a shape").emit();
            }
            declare(frame, in.name(), frame.incoming == null ? poison() : frame.incoming);
            return;
        }
        declaresInput = true;
        DType dtype = DType.FLOAT32;
        if (in.dtype() != null) {
            String word = in.dtype().text();
            dtype = DType.parse(word);
            if (dtype == null) {
                // Go on with the kind of type that was meant, so the lints do not pile on.
                boolean integer = word.toLowerCase(Locale.ROOT).matches("u?int\\d*|long|short|byte");
                dtype = integer ? DType.INT32 : DType.FLOAT32;
                String dym = Suggest.didYouMean(word, List.of("float32", "int32"));
                diags.report(Code.UNKNOWN_DTYPE, in.dtype().span(), word)
                        .help(dym != null ? dym : integer ? "token ids are `int32`" : "inputs are `float32` or `int32`").emit();
            }
        }
        Shape shape = null;
        if (in.shape() == null) {
            diags.report(Code.BAD_INPUT_SHAPE, in.span(), "`" + name + "` has no shape")
                    .help("write `input " + name + ": (28, 28, 1)`").emit();
        } else {
            shape = inputShape(in.shape(), frame.scope);
        }
        poisonSeen |= shape == null;
        if (checkLayerName(name, in.name().span())) {
            Kind kind = shape != null && shape.rank() == 3 ? Kind.IMAGE : dtype == DType.INT32 ? Kind.SEQUENCE : Kind.OTHER;
            Tensor t = new Tensor(shape, dtype, name, 0, null, null, kind, null, true);
            if (shape != null) {
                InputNode node = new InputNode(name, shape, dtype, in.span());
                inputs.add(node);
                facts.input(node);
            }
            declare(frame, in.name(), t);
        }
    }

    private Shape inputShape(Expr e, Scope scope) {
        Value v = evaluator.eval(e, scope);
        if (v == null) {
            return null;
        }
        List<Value> items = v instanceof Value.Tuple t ? t.items() : v instanceof Value.ListV l ? l.items() : List.of(v);
        if (items.isEmpty()) {
            diags.report(Code.BAD_INPUT_SHAPE, e.span(), "an input needs at least one dimension")
                    .help("a vector of 10 features is `(10)`").emit();
            return null;
        }
        long[] dims = new long[items.size()];
        for (int i = 0; i < dims.length; i++) {
            Value d = items.get(i);
            if (d instanceof Value.None) {
                dims[i] = Shape.NONE;
                continue;
            }
            Long n = d instanceof Value.Num num ? num.asLong() : null;
            if (d instanceof Value.Sym s) {
                diags.report(Code.UNDEFINED_NAME, d.span(), s.name())
                        .help(Suggest.didYouMean(s.name(), scope.constantNames())).emit();
                return null;
            }
            if (n == null || n < 1) {
                String help = null;
                if (n != null && n == -1) {
                    help = i == 0 && dims.length > 1 ? "leave out the batch dimension: nnl adds it, as Keras does"
                            : "write `none` for an axis whose size varies";
                }
                diags.report(Code.BAD_INPUT_SHAPE, d.span(), "expected a positive integer or `none`, found " + d.describe())
                        .help(help).emit();
                return null;
            }
            dims[i] = n;
        }
        Shape s = Shape.of(dims);
        try {
            s.elements();
        } catch (ArithmeticException overflow) {
            diags.report(Code.SIZE_OVERFLOW, e.span(), "the number of elements per sample", "2^63").emit();
            return null;
        }
        return s;
    }

    private void declare(Frame frame, Ident name, Tensor t) {
        Binding prev = frame.names.get(name.text());
        if (prev != null) {
            diags.report(Code.DUPLICATE_NAME, name.span(), name.text())
                    .related(prev.span(), "first defined here")
                    .help("names are single-assignment: choose a new name").emit();
            return;
        }
        if (frame.scope.constant(name.text()) != null) {
            diags.report(Code.DUPLICATE_NAME, name.span(), name.text()).help("a constant already has this name").emit();
            return;
        }
        frame.names.put(name.text(), new Binding(t, name.span()));
    }

    private void reportUnused(Frame frame) {
        if (frame.unresolved) {
            return;
        }
        for (Map.Entry<String, Binding> e : frame.names.entrySet()) {
            Tensor t = e.getValue().tensor();
            if (!t.used && !t.poisoned()) {
                diags.report(Code.UNUSED_NAME, e.getValue().span(), e.getKey())
                        .help(t.isInput ? "remove the input, or feed it into a layer" : "use it, or list it in `output`").emit();
            }
        }
    }

    // ---- chains and calls ----

    private Tensor chain(Stmt.Chain c, Frame frame) {
        Tensor t;
        if (c.head() instanceof Expr.Name n) {
            t = lookup(n, frame);
        } else {
            t = call((Expr.Call) c.head(), frame, null);
        }
        for (Expr.Call call : c.calls()) {
            t = call(call, frame, t);
        }
        return t;
    }

    private Tensor lookup(Expr.Name n, Frame frame) {
        Binding b = frame.names.get(n.name());
        if (b != null) {
            return b.tensor();
        }
        Value constant = frame.scope.constant(n.name());
        if (constant != null) {
            diags.report(Code.NOT_A_LAYER, n.span(), n.name(), "a constant").help("a chain starts from an input or a bound tensor").emit();
        } else if (Evaluator.isAscii(n.name())) {
            diags.report(Code.UNDEFINED_NAME, n.span(), n.name())
                    .help(Suggest.didYouMean(n.name(), frame.names.keySet())).emit();
            frame.unresolved = true;
        }
        return poison();
    }

    /**
     * Applies a call. {@code from} is the tensor a {@code ->} feeds in, or null for a chain head,
     * where a layer continues from the previous statement and a merge takes its named arguments.
     */
    private Tensor call(Expr.Call call, Frame frame, Tensor from) {
        String name = call.callee().text();
        Scope.BlockDef block = frame.scope.block(name);
        if (block != null) {
            Tensor in = from != null ? from : implicitSource(call, frame);
            Tensor out = expandBlock(block, call, frame, in);
            if (!out.poisoned()) {
                facts.block(new BlockUse(model.name().text(), call.span(), out.flatten().stream().map(t -> t.shape).toList()));
            }
            return out;
        }
        LayerDef def = Registry.get(name);
        if (def == null) {
            if (Evaluator.isAscii(name)) {
                unknownLayer(call, frame);
            }
            consumeNamedArgs(call, frame);
            markSourceUsed(from, frame);
            return poison();
        }
        if (def.isMerge()) {
            return merge(def, call, frame, from);
        }
        Tensor in = from != null ? from : implicitSource(call, frame);
        Value.Call args = evaluator.call(call, frame.scope);
        return apply(def, call, args, args == null ? List.of() : args.positional(), List.of(in));
    }

    private void unknownLayer(Expr.Call call, Frame frame) {
        String name = call.callee().text();
        if (NOT_LAYERS.contains(name)) {
            String what = name.matches("L1|L2|L1L2|MaxNorm") ? "a regularizer or constraint"
                    : name.matches("Adam|AdamW|SGD|RMSprop|Adagrad") ? "an optimizer" : "a callback";
            diags.report(Code.NOT_A_LAYER, call.callee().span(), name, what)
                    .help("it belongs in a `train` block or a layer argument").emit();
            return;
        }
        List<String> known = new ArrayList<>(Registry.names());
        known.addAll(frame.scope.blockNames());
        String dym = Suggest.didYouMean(name, known);
        String help = dym;
        if (help == null && Character.isLowerCase(name.charAt(0))) {
            help = "layer names are Keras class names in CamelCase; `nnlc layers` lists them";
        }
        diags.report(Code.UNKNOWN_LAYER, call.callee().span(), name)
                .help(help != null ? help : "`nnlc layers` lists the layers").emit();
    }

    /** Marks what a failed call would have continued from as used, so it does not also warn as unused. */
    private void markSourceUsed(Tensor from, Frame frame) {
        if (from != null) {
            from.used = true;
        } else if (frame.current != null) {
            frame.current.used = true;
        } else {
            frame.names.values().stream().map(Binding::tensor).filter(t -> t.isInput).forEach(t -> t.used = true);
        }
    }

    /** Marks names used by a call that failed, so they do not also warn as unused. */
    private void consumeNamedArgs(Expr.Call call, Frame frame) {
        for (Expr.Arg a : call.args()) {
            if (a.value() instanceof Expr.Name n && frame.names.containsKey(n.name())) {
                frame.names.get(n.name()).tensor().used = true;
            }
        }
    }

    /** The tensor a bare layer call continues from: the previous result, or the only input. */
    private Tensor implicitSource(Expr.Call call, Frame frame) {
        if (frame.current != null) {
            return frame.current;
        }
        List<String> inputNames = new ArrayList<>();
        Tensor only = null;
        for (Map.Entry<String, Binding> e : frame.names.entrySet()) {
            if (e.getValue().tensor().isInput) {
                inputNames.add(e.getKey());
                only = e.getValue().tensor();
            }
        }
        if (inputNames.size() == 1) {
            return only;
        }
        if (!declaresInput) {
            return poison();
        }
        String found = inputNames.isEmpty() ? "no input is declared before it" : "the model has inputs " + String.join(", ", inputNames);
        // The inputs were meant for this call: "never used" on top would repeat the error.
        frame.names.values().stream().map(Binding::tensor).filter(t -> t.isInput).forEach(t -> t.used = true);
        diags.report(Code.AMBIGUOUS_SOURCE, call.span(), call.callee().text(), found)
                .help(inputNames.isEmpty() ? "declare an input first: `input x: (784)`"
                        : "say which one: `" + inputNames.get(0) + " -> " + call.callee().text() + "(…)`").emit();
        return poison();
    }

    private Tensor merge(LayerDef def, Expr.Call call, Frame frame, Tensor from) {
        List<Tensor> ins = new ArrayList<>();
        List<Expr.Arg> rest = new ArrayList<>();
        if (from == null && frame.current != null && call.args().stream().allMatch(a -> a.keyword() != null)) {
            // `Concatenate()` on its own line continues like any layer: from the previous result,
            // which for a merge is a layer with several outputs (Bidirectional merge_mode=none).
            from = frame.current;
        }
        if (from != null) {
            from.used = true;
            ins.addAll(from.flatten());
        }
        boolean listed = false;
        for (Expr.Arg a : call.args()) {
            if (a.keyword() == null && a.value() instanceof Expr.Name n && frame.scope.constant(n.name()) == null) {
                ins.add(lookup(n, frame));
            } else if (a.keyword() == null && a.value() instanceof Expr.ListLit list) {
                // Keras's Python API takes a list: `Concatenate()([a, b])`. Say how nnl spells it.
                List<String> names = new ArrayList<>();
                for (Expr item : list.items()) {
                    if (item instanceof Expr.Name n) {
                        names.add(n.name());
                        lookup(n, frame).used = true;
                    }
                }
                diags.report(Code.ARGUMENT_TYPE, a.value().span(), def.className(), "bound tensor names", "a list")
                        .help("drop the brackets: `" + def.className() + "(" + String.join(", ", names) + ")`").emit();
                listed = true;
            } else if (a.keyword() == null) {
                diags.report(Code.ARGUMENT_TYPE, a.value().span(), def.className(), "bound tensor names", "a value")
                        .help("merge layers take tensors by name: `" + def.className() + "(a, b)`").emit();
                ins.add(poison());
            } else {
                rest.add(a);
            }
        }
        Value.Call args = evaluator.call(new Expr.Call(call.callee(), rest, call.span()), frame.scope);
        if (listed) {
            return poison();
        }
        int max = def instanceof MergeBase m ? m.maxInputs() : Integer.MAX_VALUE;
        if (ins.size() < 2 || ins.size() > max) {
            ins.forEach(t -> t.used = true);
            if (ins.size() < 2) {
                diags.report(Code.MERGE_ARITY, call.span(), def.className(), ins.size())
                        .help("name the tensors to combine: `" + def.className() + "(a, b)`").emit();
            } else {
                diags.report(Code.TOO_MANY_ARGUMENTS, call.span(), def.className(), max, "s", ins.size()).emit();
            }
            return poison();
        }
        return apply(def, call, args, List.of(), ins);
    }

    /** Binds, infers and records one layer; every path returns a tensor (poisoned on failure). */
    private Tensor apply(LayerDef def, Expr.Call call, Value.Call args, List<Value> positional, List<Tensor> ins) {
        List<Tensor> flat = new ArrayList<>();
        for (Tensor t : ins) {
            t.used = true;
            flat.addAll(t.flatten());
        }
        if (args == null) {
            return poison();
        }
        LayerArgs bound = binder.bind(def.className(), def.params(), ParamSchema.UNIVERSAL, args, positional);
        if (bound == null) {
            return poison();
        }
        String layerName = layerName(def, bound, call);
        boolean poisoned = flat.stream().anyMatch(Tensor::poisoned);
        if (!def.isMerge() && flat.size() > 1 && !poisoned) {
            diags.report(Code.SEVERAL_OUTPUTS, call.span(), def.className(), flat.size())
                    .help("combine them first, e.g. `-> Concatenate()`").emit();
            return poison();
        }
        if (poisoned || layerName == null) {
            return poison();
        }
        List<Shape> inShapes = flat.stream().map(t -> t.shape).toList();
        Tensor first = flat.get(0);
        if (def.className().equals("Embedding") && !first.isInput && first.dtype == DType.FLOAT32) {
            // A float input is only declared wrong (a lint); a computed float is never a token id.
            diags.report(Code.DTYPE, call.span(), def.className(), "int32", "float32 (the output of `" + first.producer + "`)")
                    .help("an Embedding looks up token ids: put it first, on an int32 input").emit();
            return poison();
        }
        if (lastStepOnly(def, first, call)) {
            return poison();
        }
        lintBefore(def, bound, call, flat);
        List<Shape> out = def.outputShapes(new LayerContext(diags, bound, def.className()), inShapes);
        if (out == null) {
            return poison();
        }
        List<Weight> weights;
        try {
            weights = def.weights(bound, inShapes);
            long sum = 0;
            for (Weight w : weights) {
                sum = Math.addExact(sum, w.size());
            }
        } catch (ArithmeticException overflow) {
            diags.report(Code.SIZE_OVERFLOW, call.span(), "the number of parameters of `" + layerName + "`", "2^63").emit();
            return poison();
        }
        if (!bound.getBool("trainable")) {
            weights = weights.stream().map(w -> new Weight(w.name(), w.shape(), false)).toList();
        }
        DType dtype = def.keepsDtype() ? flat.get(0).dtype : DType.FLOAT32;
        List<String> inbound = flat.stream().map(t -> t.index == 0 ? t.producer : t.producer + "[" + t.index + "]").toList();
        LayerNode node = new LayerNode(layerName, def, bound, inbound, out, dtype, weights, call.span());
        layers.add(node);
        facts.layer(new LayerUse(model.name().text(), node, inShapes));
        lintAfter(def, bound, node);

        String mask = maskAfter(def, bound, layerName, flat);
        Kind kind = kindAfter(def, flat.get(0).kind, out.get(0));
        List<Tensor> results = new ArrayList<>();
        for (int i = 0; i < out.size(); i++) {
            results.add(new Tensor(out.get(i), dtype, layerName, i, node, mask, kind, null, false));
        }
        Tensor result = results.size() == 1 ? results.get(0)
                : new Tensor(null, dtype, layerName, 0, node, mask, kind, results, false);
        outputsOf.put(node, result);
        return result;
    }

    /**
     * The classic stacked-RNN mistake: a layer that reads sequences fed by a recurrent layer that
     * returns only its last step. Reported here because the fix is on the previous layer.
     */
    private boolean lastStepOnly(LayerDef def, Tensor in, Expr.Call call) {
        boolean readsSequences = isRecurrent(def) || LAYERS_1D.contains(def.className());
        LayerNode prev = in.node;
        if (!readsSequences || prev == null || in.shape.rank() != 1 || !isRecurrent(prev.def())) {
            return false;
        }
        LayerArgs prevArgs = prev.def().category() == Category.WRAPPER
                ? ((BoundLayer) prev.args().get("layer")).args() : prev.args();
        if (prevArgs.getBool("return_sequences")) {
            return false;
        }
        int line = prev.span().startPosition().line() + 1;
        diags.report(Code.INPUT_RANK, call.span(), def.className(), "3D input (batch, steps, features)",
                        "shape " + in.shape + ": `" + prev.name() + "` returns only its last step")
                .related(prev.span(), "this layer returns (batch, units)")
                .help("set `return_sequences=true` on `%s` at line %d", prev.name(), line).emit();
        return true;
    }

    /** Binds a layer written as an argument ({@code Bidirectional(LSTM(16))}). */
    private BoundLayer bindWrapped(Value.Call call) {
        LayerDef def = Registry.get(call.name());
        if (def == null || def.isMerge()) {
            List<String> known = Registry.names();
            diags.report(def == null ? Code.UNKNOWN_LAYER : Code.WRAPPED_LAYER, call.nameSpan(),
                            def == null ? call.name() : "Bidirectional", def == null ? null : "a merge layer")
                    .help(def == null ? Suggest.didYouMean(call.name(), known) : "wrap SimpleRNN, LSTM or GRU").emit();
            return null;
        }
        LayerArgs args = binder.bind(def.className(), def.params(), ParamSchema.UNIVERSAL, call, call.positional());
        if (args == null) {
            return null;
        }
        // Keras constructs the wrapped layer first, so it takes a default name (and a number) too.
        String name = args.getString("name") != null ? args.getString("name") : nextDefaultName(def);
        return new BoundLayer(def, args, name, call.span());
    }

    // ---- blocks ----

    private Tensor expandBlock(Scope.BlockDef block, Expr.Call call, Frame caller, Tensor in) {
        Decl.Block decl = block.decl();
        String name = decl.name().text();
        if (block.broken()) {
            markSourceUsed(in, caller);
            return poison();
        }
        if (blockStack.contains(name)) {
            diags.report(Code.RECURSIVE_BLOCK, call.callee().span(), name)
                    .related(decl.name().span(), "block defined here").emit();
            return poison();
        }
        Value.Call args = evaluator.call(call, caller.scope);
        if (args == null) {
            return poison();
        }
        Scope scope = new Scope(block.definedIn());
        if (!bindBlockArgs(decl, args, scope, block.definedIn())) {
            return poison();
        }
        if (in != null) {
            in.used = true;
        }
        blockStack.push(name);
        try {
            Frame frame = new Frame(scope, in);
            for (Stmt s : decl.body()) {
                statement(s, frame, false);
            }
            reportUnused(frame);
            return frame.last != null ? frame.last : in == null ? poison() : in;
        } finally {
            blockStack.pop();
        }
    }

    private boolean bindBlockArgs(Decl.Block decl, Value.Call args, Scope scope, Scope definedIn) {
        List<Decl.Param> params = decl.params();
        boolean ok = true;
        if (args.positional().size() > params.size()) {
            diags.report(Code.TOO_MANY_ARGUMENTS, args.positional().get(params.size()).span(), decl.name().text(),
                    params.size(), params.size() == 1 ? "" : "s", args.positional().size()).emit();
            ok = false;
        }
        Map<String, Value> given = new HashMap<>();
        for (int i = 0; i < Math.min(params.size(), args.positional().size()); i++) {
            given.put(params.get(i).name().text(), args.positional().get(i));
        }
        List<String> names = params.stream().map(p -> p.name().text()).toList();
        for (Map.Entry<String, Value> kw : args.keywords().entrySet()) {
            if (!names.contains(kw.getKey())) {
                diags.report(Code.UNKNOWN_ARGUMENT, args.keywordSpans().get(kw.getKey()), decl.name().text(), kw.getKey())
                        .help(Suggest.didYouMean(kw.getKey(), names)).emit();
                ok = false;
            } else if (given.putIfAbsent(kw.getKey(), kw.getValue()) != null) {
                diags.report(Code.DUPLICATE_ARGUMENT, args.keywordSpans().get(kw.getKey()), kw.getKey()).emit();
                ok = false;
            }
        }
        for (Decl.Param p : params) {
            Value v = given.get(p.name().text());
            if (v == null && p.defaultValue() != null) {
                v = evaluator.eval(p.defaultValue(), definedIn);
            }
            if (v == null) {
                if (p.defaultValue() == null) {
                    diags.report(Code.MISSING_ARGUMENT, args.span(), decl.name().text(), p.name().text()).emit();
                }
                ok = false;
                continue;
            }
            scope.defineConstant(p.name().text(), v);
        }
        return ok;
    }

    // ---- names ----

    private String layerName(LayerDef def, LayerArgs args, Expr.Call call) {
        String explicit = args.getString("name");
        if (explicit == null) {
            return nextDefaultName(def);
        }
        return checkLayerName(explicit, args.span("name")) ? explicit : null;
    }

    private boolean checkLayerName(String name, Span span) {
        Span prev = layerNames.putIfAbsent(name, span);
        if (prev != null) {
            diags.report(Code.DUPLICATE_LAYER_NAME, span, name, model.name().text())
                    .related(prev, "first used here").emit();
            return false;
        }
        return true;
    }

    /** Keras 3: snake_case of the class name, numbered per model from the second one on. */
    private String nextDefaultName(LayerDef def) {
        String base = snakeCase(def.className());
        while (true) {
            int n = uids.merge(base, 1, Integer::sum) - 1;
            String name = n == 0 ? base : base + "_" + n;
            if (!layerNames.containsKey(name)) {
                layerNames.put(name, null);
                return name;
            }
        }
    }

    private static final Pattern CAMEL_1 = Pattern.compile("(.)([A-Z][a-z]+)");
    private static final Pattern CAMEL_2 = Pattern.compile("([a-z])([A-Z])");

    /** keras.src.utils.naming.to_snake_case. */
    static String snakeCase(String name) {
        String s = CAMEL_1.matcher(name.replaceAll("\\W+", "")).replaceAll("$1_$2");
        return CAMEL_2.matcher(s).replaceAll("$1_$2").toLowerCase(Locale.ROOT);
    }

    // ---- rules of thumb ----

    private static boolean isRecurrent(LayerDef def) {
        return def.category() == Category.RECURRENT || def.category() == Category.WRAPPER;
    }

    private void lintBefore(LayerDef def, LayerArgs args, Expr.Call call, List<Tensor> ins) {
        Tensor in = ins.get(0);
        String cls = def.className();
        if (cls.equals("Dropout") && in.isInput) {
            diags.report(Code.DROPOUT_AFTER_INPUT, call.span(), in.producer)
                    .help("put Dropout after a hidden layer; for input noise use GaussianNoise").emit();
        }
        if (cls.equals("Dense") && in.node != null && in.node.className().equals("Dense")
                && "linear".equals(in.node.args().get("activation"))) {
            diags.report(Code.LINEAR_STACK, in.node.span(), in.producer)
                    .help("add `activation=relu` to `%s`", in.node.name()).emit();
        }
        if (LAYERS_2D.contains(cls) && in.kind == Kind.SEQUENCE) {
            diags.report(Code.LAYER_FAMILY, call.span(), "`" + cls + "` on a sequence " + in.shape)
                    .help("use the 1D layer: `" + cls.replace("2D", "1D") + "`").emit();
        } else if (LAYERS_1D.contains(cls) && in.kind == Kind.IMAGE) {
            diags.report(Code.LAYER_FAMILY, call.span(), "`" + cls + "` on an image reshaped to " + in.shape)
                    .help("use the 2D layer on the image: `" + cls.replace("1D", "2D") + "`").emit();
        }
        if (cls.equals("Embedding")) {
            if (in.dtype == DType.FLOAT32 && in.isInput) {
                diags.report(Code.EMBEDDING_FLOAT_INPUT, call.span(), in.producer)
                        .help("declare it `input " + in.producer + ": " + in.shape.toString().replace("None, ", "") + " int32`").emit();
            }
        } else if (in.dtype == DType.INT32 && !def.keepsDtype()) {
            Tensor source = in;
            if (!source.warnedTokens) {
                source.warnedTokens = true;
                diags.report(Code.TOKENS_WITHOUT_EMBEDDING, call.span(), in.producer, cls)
                        .help("start with `Embedding(vocab_size, dim)`").emit();
            }
        }
        if (in.maskFrom != null && def.masking(args) == Masking.UNSUPPORTED) {
            diags.report(Code.MASK_DROPPED, call.span(), cls, in.maskFrom)
                    .help(LAYERS_1D.contains(cls) || cls.equals("Flatten")
                            ? "use a recurrent layer or GlobalAveragePooling1D, which respect the mask, or set mask_zero=false"
                            : "set mask_zero=false if padding does not matter here").emit();
        }
    }

    private void lintAfter(LayerDef def, LayerArgs args, LayerNode node) {
        boolean dense1 = def.className().equals("Dense") && "softmax".equals(args.get("activation")) && args.getLong("units") == 1;
        boolean softmax1 = def.className().equals("Softmax") && node.outputShapes().get(0).last() == 1;
        if (dense1 || softmax1) {
            diags.report(Code.SOFTMAX_ONE_UNIT, dense1 ? args.span("activation") : node.span())
                    .help("for a yes/no output use `activation=sigmoid`; for classes, one unit per class").emit();
        }
    }

    private static String maskAfter(LayerDef def, LayerArgs args, String layerName, List<Tensor> ins) {
        if (def.className().equals("Embedding")) {
            return args.getBool("mask_zero") ? layerName : null;
        }
        String mask = null;
        for (Tensor t : ins) {
            mask = mask != null ? mask : t.maskFrom;
        }
        return mask != null && def.masking(args) == Masking.PROPAGATE ? mask : null;
    }

    private static Kind kindAfter(LayerDef def, Kind in, Shape out) {
        String cls = def.className();
        if (cls.equals("Embedding") || def.category() == Category.RECURRENT && out.rank() == 2 || cls.equals("Conv1D")
                || cls.equals("MaxPooling1D") || cls.equals("AveragePooling1D")) {
            return Kind.SEQUENCE;
        }
        if (cls.equals("Conv2D") || cls.equals("MaxPooling2D") || cls.equals("AveragePooling2D")) {
            return Kind.IMAGE;
        }
        return out.rank() <= 1 ? Kind.OTHER : in;
    }
}
