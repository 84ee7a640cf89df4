package dev.nnl.compiler.ast;

import dev.nnl.compiler.source.Span;
import java.util.List;

/** A statement inside a model or block body. */
public sealed interface Stmt {
    Span span();

    /** {@code input NAME: SHAPE [DTYPE]}; {@code dtype} is null for the default float32. */
    record Input(Ident name, Expr shape, Ident dtype, Span span) implements Stmt {
    }

    /** {@code output a, b -> Dense(1)}. */
    record Output(List<Chain> chains, Span span) implements Stmt {
        public Output {
            chains = List.copyOf(chains);
        }
    }

    /** {@code NAME = chain}. */
    record Bind(Ident name, Chain chain, Span span) implements Stmt {
    }

    /** A chain with no {@code =}: continues from the previous statement's result. */
    record Bare(Chain chain, Span span) implements Stmt {
    }

    record Let(Ident name, Expr value, Span span) implements Stmt {
    }

    /**
     * {@code head -> call -> call}. The head is an {@link Expr.Name} (a tensor) or an
     * {@link Expr.Call} (a layer continuing from the previous result, or a merge of names).
     */
    record Chain(Expr head, List<Expr.Call> calls, Span span) {
        public Chain {
            calls = List.copyOf(calls);
        }
    }
}
