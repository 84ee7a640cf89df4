package dev.nnl.compiler.ast;

import dev.nnl.compiler.source.Span;
import java.util.List;

/** A top-level declaration. */
public sealed interface Decl {
    Span span();

    record Import(Expr.Str path, Span span) implements Decl {
    }

    record Let(Ident name, Expr value, Span span) implements Decl {
    }

    record Block(Ident name, List<Param> params, List<Stmt> body, Span span) implements Decl {
        public Block {
            params = List.copyOf(params);
            body = List.copyOf(body);
        }
    }

    record Model(Ident name, List<Stmt> body, Span span) implements Decl {
        public Model {
            body = List.copyOf(body);
        }
    }

    record Train(Ident name, List<Entry> entries, Span span) implements Decl {
        public Train {
            entries = List.copyOf(entries);
        }
    }

    /** A block parameter; {@code defaultValue} is null when the caller must give it. */
    record Param(Ident name, Expr defaultValue) {
    }

    record Entry(Ident key, Expr value, Span span) {
    }
}
