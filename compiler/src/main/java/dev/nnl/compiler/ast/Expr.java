package dev.nnl.compiler.ast;

import dev.nnl.compiler.source.Span;
import java.math.BigDecimal;
import java.util.List;

/** A value expression: literals, names, tuples, lists, calls and constant arithmetic. */
public sealed interface Expr {
    Span span();

    /** A number as written; kept exact so hundreds of digits are a range error, not a crash. */
    record Num(BigDecimal value, Span span) implements Expr {
    }

    record Str(String value, Span span) implements Expr {
    }

    record Bool(boolean value, Span span) implements Expr {
    }

    record None(Span span) implements Expr {
    }

    /** A bare word: a constant, a block parameter, a bound tensor, or a symbol like {@code relu}. */
    record Name(String name, Span span) implements Expr {
    }

    /** {@code (a, b)} or {@code (a,)}; a parenthesised single value without a comma is a {@link Paren}. */
    record Tuple(List<Expr> items, Span span) implements Expr {
        public Tuple {
            items = List.copyOf(items);
        }
    }

    /** {@code (x)}: grouping, and a 1-tuple where a shape or tuple is expected. */
    record Paren(Expr inner, Span span) implements Expr {
    }

    record ListLit(List<Expr> items, Span span) implements Expr {
        public ListLit {
            items = List.copyOf(items);
        }
    }

    record Call(Ident callee, List<Arg> args, Span span) implements Expr {
        public Call {
            args = List.copyOf(args);
        }
    }

    record Unary(char op, Expr operand, Span span) implements Expr {
    }

    record Binary(Expr left, char op, Expr right, Span span) implements Expr {
    }

    /** A node the parser could not build (already reported); checks skip it silently. */
    record Error(Span span) implements Expr {
    }

    /** A call argument: {@code keyword} is null for a positional one. */
    record Arg(Ident keyword, Expr value, Span span) {
    }
}
