package dev.nnl.compiler.layers;

import dev.nnl.compiler.value.Value;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * What an argument accepts and how a constant {@link Value} becomes the Java value a layer uses.
 * Conversions report through {@link Arg} and return null on failure; they never throw.
 */
public interface ArgType {
    /** For "expected X" messages and docs: "an integer", "`valid` or `same`". */
    String describe();

    Object convert(Value v, Arg arg);

    /** The words (and call names) this type accepts by name, for completion; empty when any value goes. */
    default List<String> symbols() {
        return List.of();
    }

    /** The reporting side of a conversion: which argument is being converted. */
    interface Arg {
        /** The value has the wrong type. */
        void typeError(Value v, String expected);

        /** The value has the right type but is not allowed. */
        void valueError(Value v, String why, String help);

        /** A symbol outside a known set, with a did-you-mean over {@code known}. */
        void unknownSymbol(Value v, String kind, String name, List<String> known);

        /** Binds a layer written as an argument ({@code Bidirectional(LSTM(16))}); null after reporting. */
        BoundLayer bindLayer(Value.Call call);
    }

    // ---- factories ----

    static ArgType integer(long min) {
        return new ArgType() {
            @Override
            public String describe() {
                return min == 1 ? "a positive integer" : min == 0 ? "a non-negative integer" : "an integer";
            }

            @Override
            public Object convert(Value v, Arg arg) {
                Long n = asLong(v);
                if (n == null) {
                    arg.typeError(v, describe());
                    return null;
                }
                if (n < min) {
                    arg.valueError(v, "expected " + describe() + ", found " + n, null);
                    return null;
                }
                return n;
            }
        };
    }

    /** A real number in a range; {@code minOpen}/{@code maxOpen} exclude the bound. */
    static ArgType real(double min, boolean minOpen, double max, boolean maxOpen) {
        return new ArgType() {
            @Override
            public String describe() {
                if (min == Double.NEGATIVE_INFINITY && max == Double.POSITIVE_INFINITY) {
                    return "a number";
                }
                if (max == Double.POSITIVE_INFINITY) {
                    return "a number " + (minOpen ? "> " : ">= ") + fmt(min);
                }
                return "a number in " + (minOpen ? "(" : "[") + fmt(min) + ", " + fmt(max) + (maxOpen ? ")" : "]");
            }

            @Override
            public Object convert(Value v, Arg arg) {
                if (!(v instanceof Value.Num n)) {
                    arg.typeError(v, describe());
                    return null;
                }
                double d = n.asDouble();
                boolean ok = Double.isFinite(d) && (minOpen ? d > min : d >= min) && (maxOpen ? d < max : d <= max);
                if (!ok) {
                    arg.valueError(v, "expected " + describe() + ", found " + n.render(), null);
                    return null;
                }
                return d;
            }
        };
    }

    static ArgType real() {
        return real(Double.NEGATIVE_INFINITY, false, Double.POSITIVE_INFINITY, false);
    }

    static ArgType bool() {
        return new ArgType() {
            @Override
            public String describe() {
                return "`true` or `false`";
            }

            @Override
            public List<String> symbols() {
                return List.of("true", "false");
            }

            @Override
            public Object convert(Value v, Arg arg) {
                if (v instanceof Value.Bool b) {
                    return b.value();
                }
                arg.typeError(v, describe());
                return null;
            }
        };
    }

    /** An integer or a tuple of {@code n} integers, each {@code >= min}; a single int is repeated (Keras). */
    static ArgType ints(int n, long min) {
        return new ArgType() {
            @Override
            public String describe() {
                String each = min == 1 ? "positive integer" : "integer";
                return n == 1 ? "a " + each : "a " + each + " or a tuple of " + n + " " + each + "s";
            }

            @Override
            public Object convert(Value v, Arg arg) {
                List<Value> items = items(v);
                if (items == null) {
                    Long single = asLong(v);
                    if (single == null) {
                        arg.typeError(v, describe());
                        return null;
                    }
                    items = java.util.Collections.nCopies(n, v);
                }
                if (items.size() != n) {
                    arg.valueError(v, "expected " + describe() + ", found a tuple of " + items.size(), null);
                    return null;
                }
                long[] out = new long[n];
                for (int i = 0; i < n; i++) {
                    Long x = asLong(items.get(i));
                    if (x == null) {
                        arg.typeError(items.get(i), describe());
                        return null;
                    }
                    if (x < min) {
                        arg.valueError(items.get(i), "expected " + describe() + ", found " + x, null);
                        return null;
                    }
                    out[i] = x;
                }
                return out;
            }
        };
    }

    /** A tuple of integers of any length (Reshape targets, Permute dims); an int is a 1-tuple. */
    static ArgType intTuple() {
        return new ArgType() {
            @Override
            public String describe() {
                return "a tuple of integers";
            }

            @Override
            public Object convert(Value v, Arg arg) {
                List<Value> items = items(v);
                if (items == null) {
                    Long single = asLong(v);
                    if (single == null) {
                        arg.typeError(v, describe());
                        return null;
                    }
                    return new long[] {single};
                }
                long[] out = new long[items.size()];
                for (int i = 0; i < out.length; i++) {
                    Long x = asLong(items.get(i));
                    if (x == null) {
                        arg.typeError(items.get(i), describe());
                        return null;
                    }
                    out[i] = x;
                }
                return out;
            }
        };
    }

    /** One word out of a fixed set, written as a symbol or a string. */
    static ArgType choice(String kind, String... options) {
        List<String> known = List.of(options);
        return new ArgType() {
            @Override
            public String describe() {
                return "one of " + String.join(", ", known.stream().map(o -> "`" + o + "`").toList());
            }

            @Override
            public List<String> symbols() {
                return known;
            }

            @Override
            public Object convert(Value v, Arg arg) {
                String word = word(v);
                if (word == null) {
                    arg.typeError(v, describe());
                    return null;
                }
                if (!known.contains(word)) {
                    arg.unknownSymbol(v, kind, word, known);
                    return null;
                }
                return word;
            }
        };
    }

    /** A word from a set, or a call whose name is in a (possibly different) set: initializers, regularizers. */
    static ArgType configurable(String kind, Set<String> words, Set<String> calls, boolean allowNone) {
        return new ArgType() {
            @Override
            public String describe() {
                return (allowNone ? "`none`, " : "") + "a " + kind + " name or a " + kind + " call";
            }

            @Override
            public List<String> symbols() {
                List<String> all = new ArrayList<>(new java.util.TreeSet<>(words));
                all.addAll(new java.util.TreeSet<>(calls));
                if (allowNone) {
                    all.add("none");
                }
                return all;
            }

            @Override
            public Object convert(Value v, Arg arg) {
                if (allowNone && v instanceof Value.None) {
                    return null;
                }
                if (v instanceof Value.Call c) {
                    if (!calls.contains(c.name())) {
                        List<String> known = new ArrayList<>(calls);
                        arg.unknownSymbol(v, kind, c.name(), known);
                        return null;
                    }
                    return v;
                }
                String word = word(v);
                if (word == null) {
                    arg.typeError(v, describe());
                    return null;
                }
                if (!words.contains(word)) {
                    List<String> known = new ArrayList<>(words);
                    known.addAll(calls);
                    arg.unknownSymbol(v, kind, word, known);
                    return null;
                }
                return v;
            }
        };
    }

    /** {@code none} or the inner type. */
    static ArgType optional(ArgType inner) {
        return new ArgType() {
            @Override
            public String describe() {
                return "`none` or " + inner.describe();
            }

            @Override
            public List<String> symbols() {
                List<String> all = new ArrayList<>(inner.symbols());
                all.add("none");
                return all;
            }

            @Override
            public Object convert(Value v, Arg arg) {
                return v instanceof Value.None ? null : inner.convert(v, arg);
            }
        };
    }

    /** A call to one of the given names, kept as a value: a wrapped layer, {@code pretrained(…)}. */
    static ArgType call(String description, Set<String> names) {
        return new ArgType() {
            @Override
            public String describe() {
                return description;
            }

            @Override
            public List<String> symbols() {
                return List.copyOf(new java.util.TreeSet<>(names));
            }

            @Override
            public Object convert(Value v, Arg arg) {
                if (!(v instanceof Value.Call c)) {
                    arg.typeError(v, describe());
                    return null;
                }
                if (!names.isEmpty() && !names.contains(c.name())) {
                    arg.unknownSymbol(v, description, c.name(), new ArrayList<>(names));
                    return null;
                }
                return c;
            }
        };
    }

    /** Any value, unconverted (for arguments that are accepted and ignored). */
    static ArgType any() {
        return new ArgType() {
            @Override
            public String describe() {
                return "any value";
            }

            @Override
            public Object convert(Value v, Arg arg) {
                return v;
            }
        };
    }

    /** A string literal (file paths, column names). */
    static ArgType string() {
        return new ArgType() {
            @Override
            public String describe() {
                return "a string";
            }

            @Override
            public Object convert(Value v, Arg arg) {
                if (v instanceof Value.Str s) {
                    return s.value();
                }
                arg.typeError(v, describe());
                return null;
            }
        };
    }

    /** One string or a list of strings (several files, one per model input). */
    static ArgType strings() {
        return new ArgType() {
            @Override
            public String describe() {
                return "a string or a list of strings";
            }

            @Override
            public Object convert(Value v, Arg arg) {
                List<Value> items = items(v);
                List<Value> all = items == null ? List.of(v) : items;
                List<String> out = new ArrayList<>();
                for (Value x : all) {
                    if (!(x instanceof Value.Str s)) {
                        arg.typeError(x, describe());
                        return null;
                    }
                    out.add(s.value());
                }
                return List.copyOf(out);
            }
        };
    }

    /** A name, as a symbol or a string (layer names). */
    static ArgType name() {
        return new ArgType() {
            @Override
            public String describe() {
                return "a name";
            }

            @Override
            public Object convert(Value v, Arg arg) {
                String w = word(v);
                if (w == null || w.isEmpty()) {
                    arg.typeError(v, describe());
                    return null;
                }
                if (w.codePoints().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c) || c == '/')) {
                    // Names appear in summaries, diagnostics and weight keys (layer/weight).
                    arg.valueError(v, "names cannot contain spaces, control characters or `/`", null);
                    return null;
                }
                return w;
            }
        };
    }

    /** A layer call as an argument, bound with the layer's own schema. */
    static ArgType layer() {
        return new ArgType() {
            @Override
            public String describe() {
                return "a layer, e.g. `LSTM(32)`";
            }

            @Override
            public List<String> symbols() {
                return List.of("LSTM", "GRU", "SimpleRNN");
            }

            @Override
            public Object convert(Value v, Arg arg) {
                if (!(v instanceof Value.Call c)) {
                    arg.typeError(v, describe());
                    return null;
                }
                return arg.bindLayer(c);
            }
        };
    }

    // ---- helpers shared by the conversions ----

    static Long asLong(Value v) {
        return v instanceof Value.Num n ? n.asLong() : null;
    }

    /** Symbols and strings mean the same: {@code relu} and {@code "relu"}. */
    static String word(Value v) {
        if (v instanceof Value.Sym s) {
            return s.name();
        }
        if (v instanceof Value.Str s) {
            return s.value();
        }
        return null;
    }

    /** Tuple or list items; a parenthesised single value reaches here as a plain value. */
    static List<Value> items(Value v) {
        if (v instanceof Value.Tuple t) {
            return t.items();
        }
        if (v instanceof Value.ListV l) {
            return l.items();
        }
        return null;
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    static List<String> list(String... s) {
        return Arrays.asList(s);
    }
}
