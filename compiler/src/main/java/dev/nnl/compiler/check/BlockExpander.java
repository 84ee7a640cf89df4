package dev.nnl.compiler.check;

import dev.nnl.compiler.ast.Decl;
import dev.nnl.compiler.ast.Expr;
import dev.nnl.compiler.ast.Stmt;
import dev.nnl.compiler.diag.Code;
import dev.nnl.compiler.diag.Diagnostics;
import dev.nnl.compiler.value.Value;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Inlines a block call: binds the block's parameters as constants in a fresh scope and checks its
 * body on the tensor it is applied to, so its layers join the model as if written there.
 */
final class BlockExpander {
    private final Diagnostics diags;
    private final Evaluator evaluator;
    private final ModelGraph graph;
    /** Checks one statement of a block body (a block's statements are a model's, minus inputs with shapes). */
    private final BiConsumer<Stmt, Frame> statements;
    /** The blocks being expanded, innermost first, to report recursion instead of looping. */
    private final Deque<String> expanding = new ArrayDeque<>();

    BlockExpander(Diagnostics diags, Evaluator evaluator, ModelGraph graph, BiConsumer<Stmt, Frame> statements) {
        this.diags = diags;
        this.evaluator = evaluator;
        this.graph = graph;
        this.statements = statements;
    }

    /** The block's result: its last statement's tensor, or what it was applied to when it has none. */
    SymbolicTensor expand(Scope.BlockDef block, Expr.Call call, Frame caller, SymbolicTensor in) {
        Decl.Block decl = block.decl();
        String name = decl.name().text();
        if (block.broken()) {
            caller.markSourceUsed(in);
            return graph.poison();
        }
        if (expanding.contains(name)) {
            diags.report(Code.RECURSIVE_BLOCK, call.callee().span(), name)
                    .related(decl.name().span(), "block defined here").emit();
            return graph.poison();
        }
        Value.Call args = evaluator.call(call, caller.scope);
        if (args == null) {
            return graph.poison();
        }
        Scope scope = new Scope(block.definedIn());
        if (!bindArgs(decl, args, scope, block.definedIn())) {
            return graph.poison();
        }
        if (in != null) {
            in.used = true;
        }
        expanding.push(name);
        try {
            Frame frame = new Frame(scope, in);
            for (Stmt s : decl.body()) {
                statements.accept(s, frame);
            }
            frame.reportUnused(diags);
            return frame.last != null ? frame.last : in == null ? graph.poison() : in;
        } finally {
            expanding.pop();
        }
    }

    /** Binds the call's arguments to the block's parameters, as Python does; false after reporting. */
    private boolean bindArgs(Decl.Block decl, Value.Call args, Scope scope, Scope definedIn) {
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
}
