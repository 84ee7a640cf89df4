package dev.nnl.compiler.check;

import dev.nnl.compiler.ast.Expr;
import dev.nnl.compiler.diag.Code;
import dev.nnl.compiler.diag.Diagnostics;
import dev.nnl.compiler.value.Value;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Constant folding: expressions to {@link Value}s. A bare word is its constant's value when one
 * is in scope, and otherwise a symbol ({@code relu}); whether a symbol is valid is the
 * receiving argument's business. Returns null for an expression that failed (already reported).
 */
final class Evaluator {
    /** Enough digits for any float32/float64 hyper-parameter; exact for integers of normal size. */
    private static final MathContext PRECISION = MathContext.DECIMAL128;
    /** Past this many digits a number is useless and BigDecimal arithmetic gets slow. */
    private static final int MAX_DIGITS = 400;

    private final Diagnostics diags;

    Evaluator(Diagnostics diags) {
        this.diags = diags;
    }

    Value eval(Expr e, Scope scope) {
        if (e instanceof Expr.Num n) {
            return new Value.Num(n.value(), n.span());
        } else if (e instanceof Expr.Str s) {
            return new Value.Str(s.value(), s.span());
        } else if (e instanceof Expr.Bool b) {
            return new Value.Bool(b.value(), b.span());
        } else if (e instanceof Expr.None n) {
            return new Value.None(n.span());
        } else if (e instanceof Expr.Name n) {
            Value c = scope.constant(n.name());
            // A failed constant or a non-ASCII word was reported already: nothing to add at its uses.
            if (c == null && (scope.isFailed(n.name()) || !isAscii(n.name()))) {
                return null;
            }
            return c != null ? relocate(c, n) : new Value.Sym(n.name(), n.span());
        } else if (e instanceof Expr.Paren p) {
            return eval(p.inner(), scope);
        } else if (e instanceof Expr.Tuple t) {
            List<Value> items = evalAll(t.items(), scope);
            return items == null ? null : new Value.Tuple(items, t.span());
        } else if (e instanceof Expr.ListLit l) {
            List<Value> items = evalAll(l.items(), scope);
            return items == null ? null : new Value.ListV(items, l.span());
        } else if (e instanceof Expr.Call c) {
            return call(c, scope);
        } else if (e instanceof Expr.Unary u) {
            return unary(u, scope);
        } else if (e instanceof Expr.Binary b) {
            return binary(b, scope);
        }
        return null;
    }

    Value.Call call(Expr.Call c, Scope scope) {
        if (!isAscii(c.callee().text()) || c.args().stream().anyMatch(a -> a.keyword() != null && !isAscii(a.keyword().text()))) {
            return null;
        }
        List<Value> positional = new ArrayList<>();
        Map<String, Value> keywords = new LinkedHashMap<>();
        Map<String, dev.nnl.compiler.source.Span> keywordSpans = new LinkedHashMap<>();
        boolean ok = true;
        for (Expr.Arg a : c.args()) {
            Value v = eval(a.value(), scope);
            if (v == null) {
                ok = false;
                continue;
            }
            if (a.keyword() == null) {
                if (!keywords.isEmpty()) {
                    diags.report(Code.POSITIONAL_AFTER_KEYWORD, a.span()).emit();
                    ok = false;
                }
                positional.add(v);
            } else if (keywords.containsKey(a.keyword().text())) {
                diags.report(Code.DUPLICATE_ARGUMENT, a.keyword().span(), a.keyword().text())
                        .related(keywordSpans.get(a.keyword().text()), "first given here").emit();
                ok = false;
            } else {
                keywords.put(a.keyword().text(), v);
                keywordSpans.put(a.keyword().text(), a.keyword().span());
            }
        }
        return ok ? new Value.Call(c.callee().text(), c.callee().span(), positional, keywords, keywordSpans, c.span()) : null;
    }

    private List<Value> evalAll(List<Expr> exprs, Scope scope) {
        List<Value> out = new ArrayList<>(exprs.size());
        boolean ok = true;
        for (Expr x : exprs) {
            Value v = eval(x, scope);
            ok &= v != null;
            out.add(v);
        }
        return ok ? out : null;
    }

    private Value unary(Expr.Unary u, Scope scope) {
        Value v = eval(u.operand(), scope);
        if (v == null) {
            return null;
        }
        if (!(v instanceof Value.Num n)) {
            diags.report(Code.CONSTANT_EXPRESSION, u.span(), "`" + u.op() + "` needs a number, found " + v.describe()).emit();
            return null;
        }
        return new Value.Num(u.op() == '-' ? n.value().negate() : n.value(), u.span());
    }

    private Value binary(Expr.Binary b, Scope scope) {
        Value l = eval(b.left(), scope);
        Value r = eval(b.right(), scope);
        if (l == null || r == null) {
            return null;
        }
        if (!(l instanceof Value.Num x) || !(r instanceof Value.Num y)) {
            Value bad = l instanceof Value.Num ? r : l;
            diags.report(Code.CONSTANT_EXPRESSION, bad.span(), "`" + b.op() + "` needs numbers, found " + bad.describe())
                    .help(bad instanceof Value.Sym s ? "`" + s.name() + "` is not a defined constant" : null).emit();
            return null;
        }
        BigDecimal a = x.value();
        BigDecimal c = y.value();
        if (a.precision() > MAX_DIGITS || c.precision() > MAX_DIGITS
                || Math.abs((long) a.scale()) > MAX_DIGITS * 10L || Math.abs((long) c.scale()) > MAX_DIGITS * 10L) {
            diags.report(Code.CONSTANT_EXPRESSION, b.span(), "number is too large for constant arithmetic").emit();
            return null;
        }
        BigDecimal out;
        switch (b.op()) {
            case '+' -> out = a.add(c, PRECISION);
            case '-' -> out = a.subtract(c, PRECISION);
            case '*' -> out = a.multiply(c, PRECISION);
            default -> {
                if (c.signum() == 0) {
                    diags.report(Code.CONSTANT_EXPRESSION, b.span(), "division by zero").emit();
                    return null;
                }
                out = a.divide(c, PRECISION);
            }
        }
        return new Value.Num(out, b.span());
    }

    /**
     * False for a word with non-ASCII letters ({@code rélu}). The parser reported it; as a symbol,
     * callee or keyword it fails silently here, so it is not reported a second time as unknown.
     */
    static boolean isAscii(String word) {
        return word.chars().allMatch(ch -> ch < 0x80);
    }

    /** A constant used somewhere reports at the use, not at its definition. */
    private static Value relocate(Value v, Expr.Name use) {
        if (v instanceof Value.Num n) {
            return new Value.Num(n.value(), use.span());
        } else if (v instanceof Value.Str s) {
            return new Value.Str(s.value(), use.span());
        } else if (v instanceof Value.Bool b) {
            return new Value.Bool(b.value(), use.span());
        } else if (v instanceof Value.None) {
            return new Value.None(use.span());
        } else if (v instanceof Value.Sym s) {
            return new Value.Sym(s.name(), use.span());
        }
        return v;
    }
}
