package dev.nnl.compiler.value;

import dev.nnl.compiler.source.Span;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A constant value after evaluation: what a layer or train argument receives. Every value keeps
 * the span it came from so argument errors point at the value itself.
 */
public sealed interface Value {
    Span span();

    /** Short description for "expected X, found Y" messages. */
    String describe();

    record Num(BigDecimal value, Span span) implements Value {
        public boolean isInteger() {
            return value.signum() == 0 || value.stripTrailingZeros().scale() <= 0;
        }

        /** The exact integer value if it fits a long, else null. */
        public Long asLong() {
            if (!isInteger()) {
                return null;
            }
            try {
                return value.longValueExact();
            } catch (ArithmeticException e) {
                return null;
            }
        }

        public double asDouble() {
            return value.doubleValue();
        }

        @Override
        public String describe() {
            return "number `" + render() + "`";
        }

        public String render() {
            String s = value.stripTrailingZeros().toPlainString();
            return s.length() > 24 ? value.round(new java.math.MathContext(6)).toString() : s;
        }
    }

    record Str(String value, Span span) implements Value {
        @Override
        public String describe() {
            return "string \"" + value + "\"";
        }
    }

    record Bool(boolean value, Span span) implements Value {
        @Override
        public String describe() {
            return "`" + value + "`";
        }
    }

    record None(Span span) implements Value {
        @Override
        public String describe() {
            return "`none`";
        }
    }

    /** A bare word that is not a constant: {@code relu}, {@code same}, {@code accuracy}. */
    record Sym(String name, Span span) implements Value {
        @Override
        public String describe() {
            return "`" + name + "`";
        }
    }

    record Tuple(List<Value> items, Span span) implements Value {
        public Tuple {
            items = List.copyOf(items);
        }

        @Override
        public String describe() {
            return "tuple " + render(items, "(", ")");
        }
    }

    record ListV(List<Value> items, Span span) implements Value {
        public ListV {
            items = List.copyOf(items);
        }

        @Override
        public String describe() {
            return "list " + render(items, "[", "]");
        }
    }

    /** A configured value: {@code Adam(learning_rate=1e-3)}, {@code L2(0.01)}, {@code LSTM(16)}. */
    record Call(String name, Span nameSpan, List<Value> positional, Map<String, Value> keywords,
                Map<String, Span> keywordSpans, Span span) implements Value {
        public Call {
            positional = List.copyOf(positional);
            keywords = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(keywords));
            keywordSpans = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(keywordSpans));
        }

        @Override
        public String describe() {
            return "`" + name + "(…)`";
        }
    }

    private static String render(List<Value> items, String open, String close) {
        String inner = items.stream().map(Value::text).collect(Collectors.joining(", "));
        return open + (inner.length() > 40 ? inner.substring(0, 37) + "…" : inner) + close;
    }

    /** The value as it would be written in source (used in messages and docs). */
    public static String text(Value v) {
        if (v instanceof Num n) {
            return n.render();
        } else if (v instanceof Str s) {
            return "\"" + s.value() + "\"";
        } else if (v instanceof Bool b) {
            return String.valueOf(b.value());
        } else if (v instanceof None) {
            return "none";
        } else if (v instanceof Sym s) {
            return s.name();
        } else if (v instanceof Tuple t) {
            return render(t.items(), "(", t.items().size() == 1 ? ",)" : ")");
        } else if (v instanceof ListV l) {
            return render(l.items(), "[", "]");
        }
        return ((Call) v).name() + "(…)";
    }
}
