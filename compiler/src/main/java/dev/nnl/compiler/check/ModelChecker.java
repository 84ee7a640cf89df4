package dev.nnl.compiler.check;

import dev.nnl.compiler.analysis.BlockUse;
import dev.nnl.compiler.analysis.Facts;
import dev.nnl.compiler.ast.Decl;
import dev.nnl.compiler.ast.Expr;
import dev.nnl.compiler.ast.Stmt;
import dev.nnl.compiler.diag.Code;
import dev.nnl.compiler.diag.Diagnostics;
import dev.nnl.compiler.ir.DType;
import dev.nnl.compiler.ir.InputNode;
import dev.nnl.compiler.ir.LayerNode;
import dev.nnl.compiler.ir.ModelIR;
import dev.nnl.compiler.ir.OutputRef;
import dev.nnl.compiler.ir.Shape;
import dev.nnl.compiler.layers.LayerDef;
import dev.nnl.compiler.layers.Registry;
import dev.nnl.compiler.layers.TensorKind;
import dev.nnl.compiler.layers.merge.MergeBase;
import dev.nnl.compiler.source.Span;
import dev.nnl.compiler.value.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Checks one model: walks its statements, resolves the names and sources of each layer call and
 * hands the call to {@link LayerApplier}; blocks are inlined by {@link BlockExpander}. A failed
 * layer yields a poisoned tensor (null shape) that later layers accept silently, so one mistake
 * gives one error.
 */
final class ModelChecker {
    /** Names a caller may use that are not layers, for a better message than "unknown layer". */
    private static final Set<String> NOT_LAYERS = Set.of("Adam", "AdamW", "SGD", "RMSprop", "Adagrad",
            "L1", "L2", "L1L2", "MaxNorm", "EarlyStopping", "ModelCheckpoint", "ReduceLROnPlateau", "CSVLogger");

    private final Decl.Model model;
    private final Scope fileScope;
    private final Diagnostics diags;
    private final Evaluator evaluator;
    private final InputTypes inputTypes;
    private final ModelGraph graph = new ModelGraph();
    private final LayerNames names;
    private final LayerApplier layers;
    private final BlockExpander blocks;
    /** Every input and inferred layer or block call, also of models with errors, for editors. */
    private final Facts.Builder facts;
    private int errorsAtStart;
    /** Whether the model has an {@code input} statement (even one with a bad shape). */
    private boolean declaresInput;

    ModelChecker(Decl.Model model, Scope fileScope, Diagnostics diags, Facts.Builder facts) {
        this.model = model;
        this.facts = facts;
        this.fileScope = fileScope;
        this.diags = diags;
        this.evaluator = new Evaluator(diags);
        this.inputTypes = new InputTypes(diags, evaluator);
        this.names = new LayerNames(model.name().text(), diags);
        this.layers = new LayerApplier(model.name().text(), diags, graph, names, facts);
        this.blocks = new BlockExpander(diags, evaluator, graph, (s, frame) -> statement(s, frame, false));
    }

    /** Checks the model; returns its IR, or null when it has errors. */
    ModelIR check() {
        errorsAtStart = diags.errorCount();
        declaresInput = model.body().stream().anyMatch(s -> s instanceof Stmt.Input);
        Frame frame = new Frame(new Scope(fileScope), null);
        List<SymbolicTensor> outputs = null;
        Span outputSpan = null;
        for (Stmt s : model.body()) {
            if (diags.stopped(model.span().file())) {
                break;   // past the error limit nothing more would be recorded (Diagnostics)
            }
            if (s instanceof Stmt.Output o) {
                if (outputs != null) {
                    diags.report(Code.DUPLICATE_NAME, o.span(), "output").related(outputSpan, "first given here").emit();
                    continue;
                }
                outputs = new ArrayList<>();
                outputSpan = o.span();
                for (Stmt.Chain c : o.chains()) {
                    SymbolicTensor t = chain(c, frame);
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
        if (graph.inputs.isEmpty()) {
            // Declared, but every input shape failed: that error is the one to fix.
            return null;
        }
        if (outputs == null) {
            outputs = frame.last == null ? List.of() : frame.last.flatten();
            if (frame.last != null) {
                frame.last.used = true;
            }
        }
        if (graph.layers.isEmpty() && diags.errorCount() == errorsAtStart && !graph.poisonSeen()) {
            // No layer uses the inputs, but saying so as well would only repeat this.
            diags.report(Code.EMPTY_MODEL, model.name().span(), model.name().text())
                    .help("add layers after the input, e.g. `Dense(10, activation=softmax)`").emit();
            return null;
        }
        frame.reportUnused(diags);
        if (diags.errorCount() > errorsAtStart || graph.poisonSeen()) {
            return null;
        }
        try {
            // Each layer's count fits; summary and train add them up, so the total must fit too.
            graph.layers.stream().mapToLong(LayerNode::params).reduce(0, Math::addExact);
        } catch (ArithmeticException overflow) {
            diags.report(Code.SIZE_OVERFLOW, model.name().span(), "the total number of parameters of `" + model.name().text() + "`", "2^63").emit();
            return null;
        }
        List<OutputRef> refs = new ArrayList<>();
        for (SymbolicTensor t : outputs) {
            refs.add(new OutputRef(t.producer, t.index, t.shape));
        }
        List<LayerNode> kept = graph.reachable(refs);
        graph.reportDeadEnds(kept, frame, diags);
        return new ModelIR(model.name().text(), graph.inputs, kept, refs, model.span());
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
            SymbolicTensor t = chain(b.chain(), frame);
            frame.declare(b.name(), t, diags);
            frame.current = t;
            frame.last = t;
        } else if (s instanceof Stmt.Bare bare) {
            SymbolicTensor t = chain(bare.chain(), frame);
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
            frame.declare(in.name(), frame.incoming == null ? graph.poison() : frame.incoming, diags);
            return;
        }
        declaresInput = true;
        DType dtype = inputTypes.dtype(in.dtype());
        Shape shape = null;
        if (in.shape() == null) {
            diags.report(Code.BAD_INPUT_SHAPE, in.span(), "`" + name + "` has no shape")
                    .help("write `input " + name + ": (28, 28, 1)`").emit();
        } else {
            shape = inputTypes.shape(in.shape(), frame.scope);
        }
        if (shape == null) {
            graph.poisoned();
        }
        if (names.claim(name, in.name().span())) {
            // Images and token ids, as the lints about layer families and embeddings see them.
            TensorKind kind = shape != null && shape.rank() == 3 ? TensorKind.FEATURE_MAP
                    : dtype == DType.INT32 ? TensorKind.SEQUENCE : TensorKind.ANY;
            SymbolicTensor t = new SymbolicTensor(shape, dtype, name, 0, null, null, kind, null, true);
            if (shape != null) {
                InputNode node = new InputNode(name, shape, dtype, in.span());
                graph.inputs.add(node);
                facts.input(node);
            }
            frame.declare(in.name(), t, diags);
        }
    }

    // ---- chains and calls ----

    private SymbolicTensor chain(Stmt.Chain c, Frame frame) {
        SymbolicTensor t;
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

    private SymbolicTensor lookup(Expr.Name n, Frame frame) {
        Frame.Binding b = frame.names.get(n.name());
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
        return graph.poison();
    }

    /**
     * Applies a call. {@code from} is the tensor a {@code ->} feeds in, or null for a chain head,
     * where a layer continues from the previous statement and a merge takes its named arguments.
     */
    private SymbolicTensor call(Expr.Call call, Frame frame, SymbolicTensor from) {
        String name = call.callee().text();
        Scope.BlockDef block = frame.scope.block(name);
        if (block != null) {
            SymbolicTensor in = from != null ? from : implicitSource(call, frame);
            int firstLayer = facts.layerCount();
            SymbolicTensor out = blocks.expand(block, call, frame, in);
            if (!out.poisoned()) {
                facts.block(new BlockUse(model.name().text(), name, call.span(), out.flatten().stream().map(t -> t.shape).toList(),
                        facts.layerNamesSince(firstLayer)));
            }
            return out;
        }
        LayerDef def = Registry.get(name);
        if (def == null) {
            if (Evaluator.isAscii(name)) {
                unknownLayer(call, frame);
            }
            frame.consumeNamedArgs(call);
            frame.markSourceUsed(from);
            return graph.poison();
        }
        if (def.isMerge()) {
            return merge(def, call, frame, from);
        }
        SymbolicTensor in = from != null ? from : implicitSource(call, frame);
        Value.Call args = evaluator.call(call, frame.scope);
        return layers.apply(def, call, args, args == null ? List.of() : args.positional(), List.of(in));
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

    /** The tensor a bare layer call continues from: the previous result, or the only input. */
    private SymbolicTensor implicitSource(Expr.Call call, Frame frame) {
        if (frame.current != null) {
            return frame.current;
        }
        List<String> inputNames = new ArrayList<>();
        SymbolicTensor only = null;
        for (var e : frame.names.entrySet()) {
            if (e.getValue().tensor().isInput) {
                inputNames.add(e.getKey());
                only = e.getValue().tensor();
            }
        }
        if (inputNames.size() == 1) {
            return only;
        }
        if (!declaresInput) {
            return graph.poison();
        }
        String found = inputNames.isEmpty() ? "no input is declared before it" : "the model has inputs " + String.join(", ", inputNames);
        // The inputs were meant for this call: "never used" on top would repeat the error.
        frame.inputs().forEach(t -> t.used = true);
        diags.report(Code.AMBIGUOUS_SOURCE, call.span(), call.callee().text(), found)
                .help(inputNames.isEmpty() ? "declare an input first: `input x: (784)`"
                        : "say which one: `" + inputNames.get(0) + " -> " + call.callee().text() + "(…)`").emit();
        return graph.poison();
    }

    /** A merge layer's call: its tensors come by name ({@code Add(a, b)}) or from the chain, its other arguments by keyword. */
    private SymbolicTensor merge(LayerDef def, Expr.Call call, Frame frame, SymbolicTensor from) {
        List<SymbolicTensor> ins = new ArrayList<>();
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
                List<String> listedNames = new ArrayList<>();
                for (Expr item : list.items()) {
                    if (item instanceof Expr.Name n) {
                        listedNames.add(n.name());
                        lookup(n, frame).used = true;
                    }
                }
                diags.report(Code.ARGUMENT_TYPE, a.value().span(), def.className(), "bound tensor names", "a list")
                        .help("drop the brackets: `" + def.className() + "(" + String.join(", ", listedNames) + ")`").emit();
                listed = true;
            } else if (a.keyword() == null) {
                diags.report(Code.ARGUMENT_TYPE, a.value().span(), def.className(), "bound tensor names", "a value")
                        .help("merge layers take tensors by name: `" + def.className() + "(a, b)`").emit();
                ins.add(graph.poison());
            } else {
                rest.add(a);
            }
        }
        Value.Call args = evaluator.call(new Expr.Call(call.callee(), rest, call.span()), frame.scope);
        if (listed) {
            return graph.poison();
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
            return graph.poison();
        }
        return layers.apply(def, call, args, List.of(), ins);
    }
}
