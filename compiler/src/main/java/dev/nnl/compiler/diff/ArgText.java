package dev.nnl.compiler.diff;

import dev.nnl.compiler.layers.BoundLayer;
import dev.nnl.compiler.layers.LayerArgs;
import dev.nnl.compiler.layers.LayerDef;
import dev.nnl.compiler.layers.Param;
import dev.nnl.compiler.layers.ParamSchema;
import dev.nnl.compiler.value.Value;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Arguments as text, the form the diff shows and compares: a bound value (a converted Java value or
 * a constant {@link Value}) written as it would be in source, in full (no ellipsis), so two values
 * are the same argument exactly when their texts are equal.
 */
final class ArgText {
    private ArgText() {
    }

    /** One argument of a layer, with its name and whether a change of it is shown by value alone. */
    record Arg(String name, boolean positional, String text) {
    }

    /**
     * Every argument of the call (given or defaulted) except {@code name}, in the schema's order and
     * then the universal keywords: what two calls are compared on.
     */
    static List<Arg> all(LayerDef def, LayerArgs args) {
        List<Arg> out = new ArrayList<>();
        for (ParamSchema s : List.of(def.params(), ParamSchema.UNIVERSAL)) {
            for (Param p : s.params()) {
                if (!p.name().equals("name") && args.values().containsKey(p.name())) {
                    // Only the first argument reads well by value alone (Dense(64 → 128)); the
                    // others say which they are (Conv2D(kernel_size (3, 3) → (5, 5))).
                    boolean first = p.required() && p == def.params().params().get(0);
                    out.add(new Arg(p.name(), first, of(args.get(p.name()))));
                }
            }
        }
        return out;
    }

    /** The call as written, with the arguments given (required ones by position): {@code Dense(64, activation=relu)}. */
    static String call(LayerDef def, LayerArgs args) {
        List<String> parts = new ArrayList<>();
        for (ParamSchema s : List.of(def.params(), ParamSchema.UNIVERSAL)) {
            for (Param p : s.params()) {
                if (args.isGiven(p.name()) || p.required()) {
                    String v = of(args.get(p.name()));
                    parts.add(p.required() ? v : p.name() + "=" + v);
                }
            }
        }
        return def.className() + "(" + String.join(", ", parts) + ")";
    }

    /** The arguments of a configured train setting: {@code Adam(learning_rate=0.001)}, given ones only. */
    static String configured(String name, LayerArgs args) {
        if (args == null) {
            return name;
        }
        List<String> parts = new ArrayList<>();
        args.values().keySet().stream().sorted().filter(args::isGiven).forEach(k -> parts.add(k + "=" + of(args.get(k))));
        return parts.isEmpty() ? name : name + "(" + String.join(", ", parts) + ")";
    }

    /** Every argument of a configured setting, given or defaulted, for comparing two of them. */
    static String configuredInFull(String name, LayerArgs args) {
        if (args == null) {
            return name;
        }
        return name + args.values().keySet().stream().sorted().map(k -> k + "=" + of(args.get(k)))
                .collect(Collectors.joining(", ", "(", ")"));
    }

    static String of(Object v) {
        if (v == null) {
            return "none";
        } else if (v instanceof Double d) {
            return number(d);
        } else if (v instanceof Float f) {
            return number(f.doubleValue());
        } else if (v instanceof long[] a) {
            List<String> items = new ArrayList<>();
            for (long x : a) {
                items.add(Long.toString(x));
            }
            return "(" + String.join(", ", items) + (a.length == 1 ? ",)" : ")");
        } else if (v instanceof Value value) {
            return value(value);
        } else if (v instanceof BoundLayer b) {
            return call(b.def(), b.args());
        } else if (v instanceof Collection<?> c) {
            return c.stream().map(ArgText::of).collect(Collectors.joining(", ", "[", "]"));
        }
        return String.valueOf(v);
    }

    private static String number(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return Double.toString(d);
        }
        return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }

    private static String value(Value v) {
        if (v instanceof Value.Num n) {
            return n.value().stripTrailingZeros().toPlainString();
        } else if (v instanceof Value.Tuple t) {
            return t.items().stream().map(ArgText::value).collect(Collectors.joining(", ", "(", t.items().size() == 1 ? ",)" : ")"));
        } else if (v instanceof Value.ListV l) {
            return l.items().stream().map(ArgText::value).collect(Collectors.joining(", ", "[", "]"));
        } else if (v instanceof Value.Call c) {
            List<String> parts = new ArrayList<>(c.positional().stream().map(ArgText::value).toList());
            for (Map.Entry<String, Value> e : c.keywords().entrySet()) {
                parts.add(e.getKey() + "=" + value(e.getValue()));
            }
            return c.name() + "(" + String.join(", ", parts) + ")";
        }
        return Value.text(v);
    }
}
