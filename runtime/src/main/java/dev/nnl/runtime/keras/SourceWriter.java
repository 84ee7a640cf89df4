package dev.nnl.runtime.keras;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.nnl.compiler.layers.Common;
import dev.nnl.compiler.layers.LayerDef;
import dev.nnl.compiler.layers.Param;
import dev.nnl.compiler.layers.Registry;
import dev.nnl.runtime.layers.KerasMapping;
import dev.nnl.runtime.layers.LayerRuntime;
import dev.nnl.runtime.layers.LayerRuntimes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A {@link KerasModel} as nnl source: the generic rule (a config key is the nnl argument of the
 * same name; only values that differ from nnl's default are written) plus each layer's
 * {@link KerasMapping}. Everything that cannot be expressed is collected, one problem per layer,
 * so a refused model is refused with the full list.
 */
public final class SourceWriter {
    /** Keys of every layer config that the reader uses or that carry nothing for nnl. */
    private static final Set<String> LAYER_KEYS = Set.of("name", "trainable", "dtype", "batch_input_shape", "batch_shape",
            "input_shape", "input_dtype");
    private static final Set<String> KEYWORDS = KerasValues.KEYWORDS;
    private static final Pattern IDENT = KerasValues.IDENT;

    /** The source, or the problems that stop it (one line each). */
    public record Written(String source, List<String> problems) {
    }

    private final KerasModel model;
    private final Set<String> named;
    private final boolean legacy;
    private final List<String> problems = new ArrayList<>();

    private SourceWriter(KerasModel model, Set<String> named, boolean legacy) {
        this.model = model;
        this.named = named;
        this.legacy = legacy;
    }

    /**
     * The model as nnl source (not yet formatted), with {@code name=} on the layers in {@code named}.
     *
     * @param modelName the nnl model name
     * @param legacy the file is from TF.js or Keras 2 ({@link KerasFiles.Read#legacy})
     */
    public static Written write(KerasModel model, String modelName, Set<String> named, boolean legacy) {
        SourceWriter w = new SourceWriter(model, named, legacy);
        StringBuilder sb = new StringBuilder("model ").append(modelName).append(" {\n");
        Set<String> intInputs = w.intInputs();
        for (KerasModel.Input in : model.inputs()) {
            sb.append("    input ").append(w.inputName(in)).append(": ").append(shape(in.shape()));
            if (in.dtype().equals("int32") || intInputs.contains(in.name())) {
                sb.append(" int32");
            }
            sb.append('\n');
        }
        sb.append('\n');
        if (model.sequential()) {
            for (KerasModel.Layer l : model.layers()) {
                String call = w.call(l);
                sb.append("    ").append(call).append('\n');
            }
        } else {
            w.functional(sb);
        }
        sb.append("}\n");
        return new Written(sb.toString(), List.copyOf(w.problems));
    }

    /** Inputs read directly by an Embedding: token ids, whatever dtype Keras recorded (TF.js writes float32). */
    private Set<String> intInputs() {
        Set<String> out = new HashSet<>();
        for (KerasModel.Layer l : model.layers()) {
            if (l.className().equals("Embedding")) {
                if (model.sequential() && l == model.layers().get(0)) {
                    out.add(model.inputs().get(0).name());
                }
                l.inbound().forEach(r -> out.add(r.layer()));
            }
        }
        return out;
    }

    private String inputName(KerasModel.Input in) {
        return model.sequential() ? "x" : vars.computeIfAbsent(in.name(), this::freshVar);
    }

    // ---- functional graphs ----

    private final Map<String, String> vars = new HashMap<>();
    private final Set<String> usedVars = new HashSet<>();

    private String freshVar(String kerasName) {
        String v = kerasName.replaceAll("[^A-Za-z0-9_]", "_");
        if (v.isEmpty() || !IDENT.matcher(v).matches() || KEYWORDS.contains(v) || Registry.get(v) != null) {
            v = "t_" + v;
        }
        String base = v;
        for (int i = 2; !usedVars.add(v); i++) {
            v = base + "_" + i;
        }
        return v;
    }

    private void functional(StringBuilder sb) {
        Map<String, Integer> uses = new HashMap<>();
        for (KerasModel.Layer l : model.layers()) {
            for (KerasModel.Ref r : l.inbound()) {
                uses.merge(r.layer(), 1, Integer::sum);
            }
        }
        Set<String> outputs = new HashSet<>();
        model.outputs().forEach(r -> outputs.add(r.layer()));
        Set<String> defined = new HashSet<>();
        model.inputs().forEach(i -> defined.add(i.name()));
        List<KerasModel.Layer> order = topological(defined);
        String chain = null;
        String chainEnd = null;
        List<String> lines = new ArrayList<>();
        for (KerasModel.Layer l : order) {
            String call = call(l);
            boolean continues = chainEnd != null && refsAll(l, chainEnd) && uses.getOrDefault(chainEnd, 0) == 1 && !outputs.contains(chainEnd);
            String src;
            if (continues) {
                chain = chain + " -> " + (isMerge(l) ? stripArgsStart(call) : call);
            } else {
                flush(lines, chain, chainEnd);
                if (isMerge(l)) {
                    List<String> args = new ArrayList<>();
                    for (KerasModel.Ref r : l.inbound()) {
                        args.add(var(r));
                    }
                    src = call.substring(0, call.indexOf('(') + 1) + String.join(", ", args)
                            + (call.endsWith("()") ? ")" : ", " + call.substring(call.indexOf('(') + 1));
                    chain = src;
                } else {
                    if (l.inbound().size() != 1) {
                        problems.add(layer(l) + ": takes " + l.inbound().size() + " tensors; only merge layers take several");
                    }
                    chain = var(l.inbound().get(0)) + " -> " + call;
                }
            }
            chainEnd = l.name();
        }
        boolean lastIsOutput = model.outputs().size() == 1 && chainEnd != null && model.outputs().get(0).layer().equals(chainEnd)
                && model.outputs().get(0).index() == 0 && uses.getOrDefault(chainEnd, 0) == 0;
        if (lastIsOutput) {
            // The model's one output ends the last chain: `output x -> ... -> Dense(2)`, as one would write it.
            for (String line : lines) {
                sb.append("    ").append(line).append('\n');
            }
            sb.append("    output ").append(chain).append('\n');
            return;
        }
        flush(lines, chain, chainEnd);
        for (String line : lines) {
            sb.append("    ").append(line).append('\n');
        }
        List<String> outs = new ArrayList<>();
        String last = null;
        for (KerasModel.Ref r : model.outputs()) {
            if (r.layer().equals(last) && r.index() == 1) {
                continue; // both outputs of a Bidirectional(merge_mode=none): one name stands for both
            }
            outs.add(var(r));
            last = r.layer();
        }
        sb.append("    output ").append(String.join(", ", outs)).append('\n');
    }

    private void flush(List<String> lines, String chain, String end) {
        if (chain != null) {
            lines.add(vars.computeIfAbsent(end, this::freshVar) + " = " + chain);
        }
    }

    /** The layer reads exactly the outputs of {@code layer}, in order (one, or both of a Bidirectional(merge_mode=none)). */
    private static boolean refsAll(KerasModel.Layer l, String layer) {
        for (int i = 0; i < l.inbound().size(); i++) {
            if (!l.inbound().get(i).layer().equals(layer) || l.inbound().get(i).index() != i) {
                return false;
            }
        }
        return true;
    }

    private static boolean isMerge(KerasModel.Layer l) {
        LayerDef d = Registry.get(l.className());
        return d != null && d.isMerge();
    }

    private static String stripArgsStart(String call) {
        return call;
    }

    private String var(KerasModel.Ref r) {
        String v = vars.get(r.layer());
        if (v == null) {
            problems.add("tensor `" + r.layer() + "` is read before it is defined");
            return "missing";
        }
        if (r.index() != 0) {
            problems.add("output " + r.index() + " of layer `" + r.layer() + "` is read on its own; nnl reads a layer's "
                    + "several outputs together (`-> Concatenate()`)");
        }
        return v;
    }

    private List<KerasModel.Layer> topological(Set<String> defined) {
        List<KerasModel.Layer> left = new ArrayList<>(model.layers());
        List<KerasModel.Layer> out = new ArrayList<>();
        Set<String> known = new HashSet<>(defined);
        boolean progress = true;
        while (!left.isEmpty() && progress) {
            progress = false;
            for (var it = left.iterator(); it.hasNext(); ) {
                KerasModel.Layer l = it.next();
                if (l.inbound().stream().allMatch(r -> known.contains(r.layer()))) {
                    out.add(l);
                    known.add(l.name());
                    it.remove();
                    progress = true;
                }
            }
        }
        for (KerasModel.Layer l : left) {
            problems.add(layer(l) + ": reads a tensor no input or layer makes");
        }
        return out;
    }

    // ---- one layer ----

    private static String layer(KerasModel.Layer l) {
        return "layer `" + l.name() + "` (" + l.className() + ")";
    }

    /** The nnl call of one layer; problems are collected, and the call is still returned. */
    String call(KerasModel.Layer l) {
        return call(l.className(), l.name(), l.config(), layer(l), named.contains(l.name()));
    }

    private String call(String cls, String name, JsonObject config, String where, boolean writeName) {
        LayerDef def = Registry.get(cls);
        LayerRuntime rt = LayerRuntimes.of(cls);
        if (cls.equals("Lambda")) {
            problems.add(where + ": a Lambda layer is Python code, which an import never runs; rewrite it with nnl layers");
            return cls + "()";
        }
        if (def == null || rt == null) {
            problems.add(where + ": nnl has no layer `" + cls + "` (custom classes and unknown layers are refused); "
                    + "`nnlc layers` lists the layers nnl has");
            return cls + "()";
        }
        KerasMapping m = rt.keras();
        List<String> positional = new ArrayList<>();
        List<String> keywords = new ArrayList<>();
        Map<String, String> given = new HashMap<>();
        for (Map.Entry<String, JsonElement> e : config.entrySet()) {
            String key = e.getKey();
            JsonElement v = e.getValue();
            if (m.refusals().containsKey(key)) {
                if (m.refusals().get(key).when().test(v)) {
                    problems.add(where + ": `" + key + "=" + v + "`: " + m.refusals().get(key).why());
                }
                continue;
            }
            if (LAYER_KEYS.contains(key) || m.ignored().contains(key)) {
                if (key.equals("dtype")) {
                    checkDtype(v, where);
                }
                continue;
            }
            if (key.equals(m.nested())) {
                JsonObject inner = v instanceof JsonObject o ? o : new JsonObject();
                String innerCls = KerasModel.str(inner, "class_name");
                JsonObject innerCfg = inner.get("config") instanceof JsonObject c ? c : new JsonObject();
                given.put(key, innerCls == null ? "missing()" : call(innerCls, null, innerCfg, where + " wrapping " + innerCls, false));
                continue;
            }
            Param p = def.params().get(key) != null ? def.params().get(key) : def.params().byKeras2Name(key);
            if (p == null) {
                problems.add(where + ": config key `" + key + "` is not supported by nnl's " + cls
                        + "; save the model without it, or ask for it in nnl");
                continue;
            }
            boolean unset = (v == null || v.isJsonNull()) && (p.defaultValue() instanceof Boolean || p.defaultValue() instanceof Number);
            if (dropped(p) || unset || KerasValues.sameAsDefault(v, p.defaultValue())) { // TF.js writes null for "the default"
                continue;
            }
            if (legacy && p.type() == Common.ACTIVATION && v.isJsonPrimitive() && v.getAsString().equals("hard_sigmoid")) {
                problems.add(where + ": `" + key + "=hard_sigmoid`: TF.js and Keras 2 compute clip(0.2x + 0.5), nnl (as Keras 3) "
                        + "relu6(x + 3) / 6, so the weights would give other outputs; retrain with sigmoid");
                continue;
            }
            String text = KerasValues.render(v, p, where, problems);
            if (text != null) {
                given.put(p.name(), text);
            }
        }
        for (Param p : def.params().params()) {
            String text = given.remove(p.name());
            if (text == null) {
                continue;
            }
            if (p.required() && !p.keywordOnly() && keywords.isEmpty()) {
                positional.add(text);
            } else {
                keywords.add(p.name() + "=" + text);
            }
        }
        if (config.has("trainable") && config.get("trainable").isJsonPrimitive() && !config.get("trainable").getAsBoolean()) {
            keywords.add("trainable=false");
        }
        if (writeName && name != null) {
            keywords.add("name=" + KerasValues.quote(name));
        }
        List<String> all = new ArrayList<>(positional);
        all.addAll(keywords);
        return cls + "(" + String.join(", ", all) + ")";
    }

    /** Initializers, regularizers and constraints: the weights come from the file, and nnl trains without Keras's objects. */
    private static boolean dropped(Param p) {
        return p.type() == Common.INITIALIZER || p.type() == Common.REGULARIZER || p.type() == Common.CONSTRAINT
                || p.isIgnored() || p.name().equals("embeddings") || p.name().equals("name") || p.name().equals("trainable");
    }

    private void checkDtype(JsonElement v, String where) {
        String d = v == null || v.isJsonNull() ? "float32"
                : v.isJsonPrimitive() ? v.getAsString()
                : v instanceof JsonObject o && o.get("config") instanceof JsonObject c && KerasModel.str(c, "name") != null
                        ? KerasModel.str(c, "name") : "an object";
        if (!d.equals("float32") && !d.equals("int32")) {
            problems.add(where + ": dtype `" + d + "`: nnl computes in float32; save the model with float32 layers");
        }
    }

    static String shape(long[] dims) {
        List<String> d = new ArrayList<>();
        for (long x : dims) {
            d.add(x < 0 ? "none" : Long.toString(x));
        }
        return "(" + String.join(", ", d) + (d.size() == 1 ? ")" : ")");
    }
}
