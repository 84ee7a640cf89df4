package dev.nnl.compiler.check;

import dev.nnl.compiler.ast.Decl;
import dev.nnl.compiler.diag.Code;
import dev.nnl.compiler.diag.Diagnostics;
import dev.nnl.compiler.ir.ModelIR;
import dev.nnl.compiler.layers.ArgType;
import dev.nnl.compiler.layers.LayerArgs;
import dev.nnl.compiler.layers.ParamSchema;
import dev.nnl.compiler.source.Span;
import dev.nnl.compiler.train.TrainConfig;
import dev.nnl.compiler.train.TrainSchemas;
import dev.nnl.compiler.value.Value;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a {@code train} block: known settings with valid values, and a loss that fits the
 * model's output. Never reads the data it names.
 */
final class TrainChecker {
    static final List<String> KEYS = TrainSchemas.KEYS;

    /** Optimizer hyper-parameters people put in the train block itself. */
    private static final Set<String> OPTIMIZER_SETTINGS = Set.of("learning_rate", "lr", "momentum", "weight_decay");

    private final Diagnostics diags;
    private final Evaluator evaluator;
    private final Binder binder;
    private final TrainAgainstModel againstModel;

    TrainChecker(Diagnostics diags) {
        this.diags = diags;
        this.againstModel = new TrainAgainstModel(diags);
        this.evaluator = new Evaluator(diags);
        this.binder = new Binder(diags, (callee, call) -> null);
    }

    /** @param model the checked model, or null when it had errors (then output checks are skipped) */
    TrainConfig check(Decl.Train train, Scope scope, ModelIR model) {
        Map<String, Value> values = new LinkedHashMap<>();
        Map<String, Span> keySpans = new HashMap<>();
        int errorsAtStart = diags.errorCount();
        for (Decl.Entry e : train.entries()) {
            String key = e.key().text();
            if (!KEYS.contains(key)) {
                diags.report(Code.UNKNOWN_TRAIN_KEY, e.key().span(), key)
                        .help(OPTIMIZER_SETTINGS.contains(key)
                                ? "set it on the optimizer, e.g. `optimizer = Adam(" + (key.equals("lr") ? "learning_rate" : key) + "=…)`"
                                : Suggest.didYouMean(key, KEYS)).emit();
                continue;
            }
            if (keySpans.containsKey(key)) {
                diags.report(Code.DUPLICATE_TRAIN_KEY, e.key().span(), key).related(keySpans.get(key), "first set here").emit();
                continue;
            }
            keySpans.put(key, e.key().span());
            Value v = evaluator.eval(e.value(), scope);
            if (v != null) {
                values.put(key, v);
            }
        }
        String name = train.name().text();
        TrainConfig.Configured data = values.containsKey("data") ? configured(values.get("data"), "data source", TrainSchemas.DATA) : null;
        TrainConfig.Configured validationData = values.containsKey("validation_data")
                ? configured(values.get("validation_data"), "data source", TrainSchemas.DATA) : null;
        TrainConfig.Configured testData = values.containsKey("test_data")
                ? configured(values.get("test_data"), "data source", TrainSchemas.DATA) : null;
        TrainConfig.Loss loss = null;
        if (values.containsKey("loss")) {
            loss = loss(values.get("loss"));
        } else if (!keySpans.containsKey("loss")) {
            diags.report(Code.MISSING_TRAIN_KEY, train.name().span(), name, "loss")
                    .help("e.g. `loss = sparse_categorical_crossentropy` for class ids").emit();
        }
        // Keras's compile() defaults to RMSprop.
        TrainConfig.Configured optimizer = values.containsKey("optimizer")
                ? configured(values.get("optimizer"), "optimizer", TrainSchemas.OPTIMIZERS)
                : new TrainConfig.Configured("RMSprop", defaults("RMSprop", TrainSchemas.OPTIMIZERS.get("RMSprop"), train.span()), null);
        List<String> metrics = metrics(values.get("metrics"));
        long epochs = integer(values.get("epochs"), "epochs", 1, 1);
        long batchSize = integer(values.get("batch_size"), "batch_size", 32, 1);
        double split = 0;
        if (values.containsKey("validation_split")) {
            Object s = ArgType.real(0, false, 1, true).convert(values.get("validation_split"), reporter("validation_split"));
            split = s == null ? 0 : (Double) s;
        }
        if (values.containsKey("validation_split") && values.containsKey("validation_data")) {
            diags.report(Code.VALIDATION_CONFLICT, keySpans.get("validation_data"))
                    .related(keySpans.get("validation_split"), "validation_split is set here").emit();
        }
        List<TrainConfig.Configured> callbacks = callbacks(values.get("callbacks"));
        Long seed = values.containsKey("seed") ? (Long) ArgType.integer(0).convert(values.get("seed"), reporter("seed")) : null;
        boolean shuffle = true;
        if (values.containsKey("shuffle")) {
            Object b = ArgType.bool().convert(values.get("shuffle"), reporter("shuffle"));
            shuffle = b == null || (Boolean) b;
        }
        if (model != null && loss != null) {
            againstModel.lossAgainstOutputs(loss, model);
        }
        if (model != null && optimizer != null && optimizer.span() != null) {
            againstModel.recurrentOptimizer(model, optimizer);
        }
        if (diags.errorCount() > errorsAtStart) {
            return null;
        }
        return new TrainConfig(name, data, loss, optimizer, metrics, epochs, batchSize, split, validationData, testData,
                callbacks, seed, shuffle, train.span());
    }

    // ---- settings ----

    private TrainConfig.Configured configured(Value v, String kind, Map<String, ParamSchema> known) {
        if (v instanceof Value.Call c) {
            ParamSchema schema = known.get(c.name());
            if (schema == null) {
                unknown(v, kind, c.name(), known.keySet());
                return null;
            }
            LayerArgs args = binder.bind(c.name(), schema, null, c, c.positional());
            return args == null ? null : new TrainConfig.Configured(c.name(), args, v.span());
        }
        String word = ArgType.word(v);
        if (word != null && kind.equals("optimizer")) {
            // Keras accepts `optimizer="adam"`: the class with its defaults.
            for (String cls : known.keySet()) {
                if (cls.equalsIgnoreCase(word)) {
                    return new TrainConfig.Configured(cls, defaults(cls, known.get(cls), v.span()), v.span());
                }
            }
            unknown(v, kind, word, known.keySet());
            return null;
        }
        diags.report(Code.TRAIN_VALUE, v.span(), kind.equals("data source") ? "data" : kind,
                        "expected a " + kind + " call such as `" + known.keySet().iterator().next() + "(…)`, found " + v.describe())
                .emit();
        return null;
    }

    private LayerArgs defaults(String cls, ParamSchema schema, Span span) {
        return binder.bind(cls, schema, null, new Value.Call(cls, span, List.of(), Map.of(), Map.of(), span), List.of());
    }

    private void unknown(Value v, String kind, String name, Set<String> known) {
        diags.report(Code.UNKNOWN_TRAIN_VALUE, v.span(), kind, name)
                .help(orList(Suggest.didYouMean(name, known), known)).emit();
    }

    private static String orList(String dym, Iterable<String> known) {
        return dym != null ? dym : "expected one of: " + String.join(", ", known);
    }

    private TrainConfig.Loss loss(Value v) {
        if (v instanceof Value.Call c) {
            String canonical = TrainSchemas.LOSS_CLASSES.get(c.name());
            if (canonical == null) {
                unknown(v, "loss", c.name(), TrainSchemas.LOSS_CLASSES.keySet());
                return null;
            }
            LayerArgs args = binder.bind(c.name(), TrainSchemas.LOSSES.get(c.name()), null, c, c.positional());
            return args == null ? null : new TrainConfig.Loss(canonical, args, v.span());
        }
        String word = ArgType.word(v);
        if (word == null) {
            diags.report(Code.TRAIN_VALUE, v.span(), "loss", "expected a loss name, found " + v.describe()).emit();
            return null;
        }
        String canonical = TrainSchemas.LOSS_NAMES.get(word);
        if (canonical == null) {
            unknown(v, "loss", word, TrainSchemas.LOSS_NAMES.keySet());
            return null;
        }
        return new TrainConfig.Loss(canonical, null, v.span());
    }

    private List<String> metrics(Value v) {
        List<String> out = new ArrayList<>();
        if (v == null) {
            return out;
        }
        List<Value> items = v instanceof Value.ListV l ? l.items() : v instanceof Value.Tuple t ? t.items() : List.of(v);
        for (Value m : items) {
            String word = ArgType.word(m);
            if (word == null) {
                diags.report(Code.TRAIN_VALUE, m.span(), "metrics", "expected a metric name, found " + m.describe()).emit();
            } else if (!TrainSchemas.METRICS.contains(word)) {
                unknown(m, "metric", word, new java.util.LinkedHashSet<>(TrainSchemas.METRICS));
            } else {
                out.add(word.equals("acc") ? "accuracy" : word);
            }
        }
        return out;
    }

    private List<TrainConfig.Configured> callbacks(Value v) {
        List<TrainConfig.Configured> out = new ArrayList<>();
        if (v == null) {
            return out;
        }
        List<Value> items = v instanceof Value.ListV l ? l.items() : List.of(v);
        for (Value c : items) {
            TrainConfig.Configured cb = configured(c, "callback", TrainSchemas.CALLBACKS);
            if (cb != null) {
                out.add(cb);
            }
        }
        return out;
    }

    private long integer(Value v, String key, long dflt, long min) {
        if (v == null) {
            return dflt;
        }
        Object n = ArgType.integer(min).convert(v, reporter(key));
        return n == null ? dflt : (Long) n;
    }

    private ArgType.Arg reporter(String key) {
        return new ArgType.Arg() {
            @Override
            public void typeError(Value v, String expected) {
                diags.report(Code.TRAIN_VALUE, v.span(), key, "expected " + expected + ", found " + v.describe()).emit();
            }

            @Override
            public void valueError(Value v, String why, String help) {
                diags.report(Code.TRAIN_VALUE, v.span(), key, why).help(help).emit();
            }

            @Override
            public void unknownSymbol(Value v, String kind, String name, List<String> known) {
                diags.report(Code.UNKNOWN_TRAIN_VALUE, v.span(), kind, name).help(orList(Suggest.didYouMean(name, known), known)).emit();
            }

            @Override
            public dev.nnl.compiler.layers.BoundLayer bindLayer(Value.Call call) {
                typeError(call, "a value");
                return null;
            }
        };
    }
}
