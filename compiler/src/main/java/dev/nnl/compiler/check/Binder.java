package dev.nnl.compiler.check;

import dev.nnl.compiler.diag.Code;
import dev.nnl.compiler.diag.Diagnostics;
import dev.nnl.compiler.layers.ArgType;
import dev.nnl.compiler.layers.BoundLayer;
import dev.nnl.compiler.layers.LayerArgs;
import dev.nnl.compiler.layers.Param;
import dev.nnl.compiler.layers.ParamSchema;
import dev.nnl.compiler.source.Span;
import dev.nnl.compiler.value.Value;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Matches a call's arguments to a schema as Python does (positional in order, then keywords),
 * converts each value, and fills in Keras defaults. Every problem is reported; the result is
 * null when any argument failed. In the compiler "bind" always means this: values to arguments
 * (and names to tensors, in {@link Frame}); choosing a layer's kernel is the runtime's business.
 */
final class Binder {
    /** Keras 2's ways of giving the input's shape on the first layer; nnl has `input` statements. */
    static final java.util.Set<String> KERAS2_INPUT_ARGS = java.util.Set.of("input_shape", "input_dim", "batch_input_shape");

    private final Diagnostics diags;
    /** Binds a layer written as an argument, given the name of the layer it is an argument of. */
    private final BiFunction<String, Value.Call, BoundLayer> layerBinder;

    Binder(Diagnostics diags, BiFunction<String, Value.Call, BoundLayer> layerBinder) {
        this.diags = diags;
        this.layerBinder = layerBinder;
    }

    /**
     * @param what how the callee is named in messages, e.g. {@code Conv2D}
     * @param positional the positional values (merges have already taken their tensors out)
     */
    LayerArgs bind(String what, ParamSchema schema, ParamSchema extra, Value.Call call, List<Value> positional) {
        Map<String, Value> given = new LinkedHashMap<>();
        Map<String, Span> spans = new HashMap<>();
        boolean ok = true;

        List<Param> order = schema.positional();
        if (positional.size() > order.size()) {
            Value first = positional.get(order.size());
            diags.report(Code.TOO_MANY_ARGUMENTS, first.span(), what, order.size(), order.size() == 1 ? "" : "s", positional.size())
                    .help(tooManyHelp(what, schema, positional)).emit();
            ok = false;
        }
        for (int i = 0; i < Math.min(positional.size(), order.size()); i++) {
            given.put(order.get(i).name(), positional.get(i));
            spans.put(order.get(i).name(), positional.get(i).span());
        }

        for (Map.Entry<String, Value> kw : call.keywords().entrySet()) {
            String key = kw.getKey();
            Span keySpan = call.keywordSpans().get(key);
            Param p = find(schema, extra, key);
            if (p == null) {
                Param renamed = schema.byKeras2Name(key);
                if (renamed != null) {
                    diags.report(Code.DEPRECATED_ARGUMENT, keySpan, key, renamed.name())
                            .help("write `%s=…`", renamed.name()).emit();
                    p = renamed;
                }
            }
            if (p == null) {
                List<String> known = new ArrayList<>(schema.names());
                if (extra != null) {
                    known.addAll(extra.names());
                }
                diags.report(Code.UNKNOWN_ARGUMENT, keySpan, what, key)
                        .help(KERAS2_INPUT_ARGS.contains(key)
                                ? "declare the input at the top of the model instead: `input x: " + Value.text(kw.getValue()) + "`"
                                : hint(key, known, what)).emit();
                ok = false;
                continue;
            }
            if (given.containsKey(p.name())) {
                diags.report(Code.DUPLICATE_ARGUMENT, keySpan, p.name())
                        .related(spans.get(p.name()), "first given here").emit();
                ok = false;
                continue;
            }
            if (p.isIgnored()) {
                diags.report(Code.IGNORED_ARGUMENT, keySpan, key, p.doc().substring("Ignored: ".length()))
                        .help("remove `%s=…`", key).emit();
            }
            given.put(p.name(), kw.getValue());
            spans.put(p.name(), kw.getValue().span());
        }

        Map<String, Object> values = new HashMap<>();
        for (ParamSchema s : extra == null ? List.of(schema) : List.of(schema, extra)) {
            for (Param p : s.params()) {
                Value v = given.get(p.name());
                if (v == null) {
                    if (p.required()) {
                        if (ok) {
                            diags.report(Code.MISSING_ARGUMENT, call.span(), what, p.name())
                                    .help("%s: %s", p.name(), p.doc()).emit();
                        }
                        ok = false;
                    } else {
                        values.put(p.name(), p.defaultValue());
                    }
                    continue;
                }
                int errorsBefore = diags.errorCount();
                Object converted = p.type().convert(v, new ArgReporter(what, p.name()));
                if (diags.errorCount() > errorsBefore) {
                    ok = false;
                }
                values.put(p.name(), converted);
            }
        }
        return ok ? new LayerArgs(what, values, spans, new HashSet<>(given.keySet()), call.span()) : null;
    }

    private static String tooManyHelp(String what, ParamSchema schema, List<Value> positional) {
        List<Param> order = schema.positional();
        if (order.isEmpty()) {
            return "`" + what + "` takes keyword arguments only";
        }
        // `Reshape(28, 28, 1)`: the last positional parameter takes a tuple, spread over several values.
        Param last = order.get(order.size() - 1);
        List<Value> spread = positional.subList(order.size() - 1, positional.size());
        if (spread.stream().allMatch(v -> v instanceof Value.Num)) {
            Value tuple = new Value.Tuple(spread, spread.get(0).span().to(spread.get(spread.size() - 1).span()));
            if (convertsSilently(last, tuple)) {
                List<String> args = new ArrayList<>();
                positional.subList(0, order.size() - 1).forEach(v -> args.add(Value.text(v)));
                args.add(Value.text(tuple));
                return "pass `" + last.name() + "` as one tuple: `" + what + "(" + String.join(", ", args) + ")`";
            }
        }
        List<String> keywords = schema.params().stream().filter(Param::keywordOnly).map(p -> p.name() + "=…").limit(4).toList();
        return keywords.isEmpty()
                ? "its positional arguments are " + String.join(", ", order.stream().map(Param::name).toList())
                : "pass the others by keyword: " + String.join(", ", keywords);
    }

    private static boolean convertsSilently(Param p, Value v) {
        boolean[] failed = {false};
        p.type().convert(v, new ArgType.Arg() {
            @Override
            public void typeError(Value x, String expected) {
                failed[0] = true;
            }

            @Override
            public void valueError(Value x, String why, String help) {
                failed[0] = true;
            }

            @Override
            public void unknownSymbol(Value x, String kind, String name, List<String> known) {
                failed[0] = true;
            }

            @Override
            public BoundLayer bindLayer(Value.Call call) {
                failed[0] = true;
                return null;
            }
        });
        return !failed[0];
    }

    private static Param find(ParamSchema schema, ParamSchema extra, String key) {
        Param p = schema.get(key);
        return p != null || extra == null ? p : extra.get(key);
    }

    private static String hint(String key, List<String> known, String what) {
        String dym = Suggest.didYouMean(key, known);
        if (dym != null) {
            return dym;
        }
        // `nnlc explain` knows layers; for optimizers, callbacks and data sources list the names here.
        return dev.nnl.compiler.layers.Registry.get(what) != null ? "`nnlc explain " + what + "` lists its arguments"
                : "its arguments are " + String.join(", ", known.stream().filter(k -> !k.equals("name") && !k.equals("trainable")).toList());
    }

    /** Reports one argument's conversion problems at the value. */
    private final class ArgReporter implements ArgType.Arg {
        private final String callee;
        private final String param;

        ArgReporter(String callee, String param) {
            this.callee = callee;
            this.param = param;
        }

        @Override
        public void typeError(Value v, String expected) {
            diags.report(Code.ARGUMENT_TYPE, v.span(), param, expected, v.describe())
                    .help(v instanceof Value.Sym s ? "`" + s.name() + "` is not a defined constant" : null).emit();
        }

        @Override
        public void valueError(Value v, String why, String help) {
            diags.report(Code.ARGUMENT_VALUE, v.span(), param, why).help(help).emit();
        }

        @Override
        public void unknownSymbol(Value v, String kind, String name, List<String> known) {
            String dym = Suggest.didYouMean(name, known);
            diags.report(Code.UNKNOWN_SYMBOL, v.span(), kind, name)
                    .help(dym != null ? dym : "expected one of: " + String.join(", ", known.stream().limit(12).toList())
                            + (known.size() > 12 ? ", …" : "")).emit();
        }

        @Override
        public BoundLayer bindLayer(Value.Call call) {
            return layerBinder.apply(callee, call);
        }
    }
}
