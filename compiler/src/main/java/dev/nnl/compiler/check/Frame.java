package dev.nnl.compiler.check;

import dev.nnl.compiler.ast.Expr;
import dev.nnl.compiler.ast.Ident;
import dev.nnl.compiler.diag.Code;
import dev.nnl.compiler.diag.Diagnostics;
import dev.nnl.compiler.source.Span;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The tensors bound by name in one body (a model, or one expansion of a block), with its constants. */
final class Frame {
    /** A bound name and where it was bound. */
    record Binding(SymbolicTensor tensor, Span span) {
    }

    final Map<String, Binding> names = new LinkedHashMap<>();
    final Scope scope;
    /** The tensor a block is applied to; null in a model. */
    final SymbolicTensor incoming;
    /** What a bare layer call continues from. */
    SymbolicTensor current;
    /** The result of the last statement: a block's result, or a model's output when it has no {@code output}. */
    SymbolicTensor last;
    /** An unresolved name was reported here: it may have been meant for a name that looks unused. */
    boolean unresolved;

    Frame(Scope scope, SymbolicTensor incoming) {
        this.scope = scope;
        this.incoming = incoming;
        this.current = incoming;
    }

    /** The tensors bound to {@code input} statements. */
    List<SymbolicTensor> inputs() {
        return names.values().stream().map(Binding::tensor).filter(t -> t.isInput).toList();
    }

    /** Binds a name once; a second binding, or one that hides a constant, is reported. */
    void declare(Ident name, SymbolicTensor t, Diagnostics diags) {
        Binding prev = names.get(name.text());
        if (prev != null) {
            diags.report(Code.DUPLICATE_NAME, name.span(), name.text())
                    .related(prev.span(), "first defined here")
                    .help("names are single-assignment: choose a new name").emit();
            return;
        }
        if (scope.constant(name.text()) != null) {
            diags.report(Code.DUPLICATE_NAME, name.span(), name.text()).help("a constant already has this name").emit();
            return;
        }
        names.put(name.text(), new Binding(t, name.span()));
    }

    /** Marks what a failed call would have continued from as used, so it does not also warn as unused. */
    void markSourceUsed(SymbolicTensor from) {
        if (from != null) {
            from.used = true;
        } else if (current != null) {
            current.used = true;
        } else {
            inputs().forEach(t -> t.used = true);
        }
    }

    /** Marks names used by a call that failed, so they do not also warn as unused. */
    void consumeNamedArgs(Expr.Call call) {
        for (Expr.Arg a : call.args()) {
            if (a.value() instanceof Expr.Name n && names.containsKey(n.name())) {
                names.get(n.name()).tensor().used = true;
            }
        }
    }

    /** Warns at every name that nothing used, unless an unresolved name may have been meant for it. */
    void reportUnused(Diagnostics diags) {
        if (unresolved) {
            return;
        }
        for (Map.Entry<String, Binding> e : names.entrySet()) {
            SymbolicTensor t = e.getValue().tensor();
            if (!t.used && !t.poisoned()) {
                diags.report(Code.UNUSED_NAME, e.getValue().span(), e.getKey())
                        .help(t.isInput ? "remove the input, or feed it into a layer" : "use it, or list it in `output`").emit();
            }
        }
    }
}
