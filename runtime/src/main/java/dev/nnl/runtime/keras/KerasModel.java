package dev.nnl.runtime.keras;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import dev.nnl.runtime.NnlException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A Keras model config, read into the same shape whatever wrote it: Keras 3 ({@code Sequential},
 * {@code Functional}, with {@code __keras_tensor__} inbound nodes), Keras 2 and TF.js
 * ({@code Sequential}, {@code Model}/{@code Functional} with list inbound nodes). Only reads the
 * JSON; what the layers mean is {@link SourceWriter}'s business.
 *
 * @param name the model's Keras name
 * @param sequential true for a Sequential model (written as a plain chain)
 * @param inputs the model's inputs
 * @param layers every layer but the InputLayers, in the config's order
 * @param outputs the model's outputs
 */
public record KerasModel(String name, boolean sequential, List<Input> inputs, List<Layer> layers, List<Ref> outputs) {
    /** Nesting deeper than any real config: a guard against hostile files (Gson's own default is 255). */
    static final int MAX_NESTING = 100;

    /** A model input: its name, per-sample shape (-1 for None) and dtype. */
    public record Input(String name, long[] shape, String dtype) {
    }

    /** One tensor: the layer (or input) that makes it, and which of its outputs. */
    public record Ref(String layer, int index) {
    }

    /** One layer call: class, name, config, and the tensors it reads (empty for the first layer of a Sequential). */
    public record Layer(String className, String name, JsonObject config, List<Ref> inbound) {
    }

    /** Parses JSON text with a nesting limit; {@code what} names the file in messages. */
    public static JsonElement parseJson(String text, String what) throws NnlException {
        try {
            JsonReader r = new JsonReader(new StringReader(text));
            r.setStrictness(Strictness.LEGACY_STRICT);
            r.setNestingLimit(MAX_NESTING);
            JsonElement e = com.google.gson.JsonParser.parseReader(r);
            if (r.peek() != com.google.gson.stream.JsonToken.END_DOCUMENT) {
                throw new NnlException(what + ": not a Keras model file (text after the JSON value)", false);
            }
            return e;
        } catch (JsonParseException | IllegalStateException | java.io.IOException e) {
            throw new NnlException(what + ": not a Keras model file (" + jsonProblem(e) + ")", false);
        }
    }

    /**
     * Gson's message, without its advice to parse leniently and its troubleshooting link: what is
     * wrong and where ("malformed JSON at line 3 column 8").
     */
    private static String jsonProblem(Exception e) {
        String m = e.getMessage() == null ? "" : e.getMessage();
        if (m.contains("Nesting limit")) {
            return "JSON nested deeper than " + MAX_NESTING + " levels";
        }
        java.util.regex.Matcher at = java.util.regex.Pattern.compile("at line (\\d+) column (\\d+)").matcher(m);
        String where = at.find() ? " at line " + at.group(1) + " column " + at.group(2) : "";
        return (m.contains("End of input") ? "the JSON ends early" : "malformed JSON") + where;
    }

    /** The model of a Keras config ({@code {"class_name": ..., "config": ...}}). */
    public static KerasModel of(JsonObject top, String what) throws NnlException {
        String cls = str(top, "class_name");
        JsonElement cfgEl = top.get("config");
        if (cls == null || cfgEl == null) {
            throw new NnlException(what + ": not a Keras model config (no `class_name` and `config`)", false);
        }
        if (cls.equals("Sequential")) {
            return sequential(cfgEl, what);
        }
        if (cls.equals("Functional") || cls.equals("Model")) {
            return functional(obj(cfgEl, what, "config"), what);
        }
        throw new NnlException(what + ": the model class `" + cls + "` is not Sequential or Functional; "
                + "a subclassed model is Python code, which an import never runs", false);
    }

    private static KerasModel sequential(JsonElement cfgEl, String what) throws NnlException {
        JsonArray layers;
        String name = "sequential";
        JsonObject cfg = null;
        if (cfgEl.isJsonArray()) {
            layers = cfgEl.getAsJsonArray();
        } else {
            cfg = obj(cfgEl, what, "config");
            name = str(cfg, "name") == null ? name : str(cfg, "name");
            layers = arr(cfg.get("layers"), what, "config.layers");
        }
        List<Layer> out = new ArrayList<>();
        Input input = null;
        for (JsonElement e : layers) {
            JsonObject l = obj(e, what, "a layer");
            String cls = str(l, "class_name");
            JsonObject c = obj(l.get("config"), what, "the config of a layer");
            if (cls == null) {
                throw new NnlException(what + ": a layer has no `class_name`", false);
            }
            if (input == null) {
                input = inputOf(c, "x", what);
            }
            if (cls.equals("InputLayer")) {
                continue;
            }
            out.add(new Layer(cls, layerName(l, c, what), c, List.of()));
        }
        if (input == null && cfg != null && cfg.get("build_input_shape") instanceof JsonArray b) {
            input = new Input("x", shape(b, what), "float32");
        }
        if (input == null) {
            throw new NnlException(what + ": the Sequential model has no input shape (build it, or give its first layer an "
                    + "input shape, before saving)", false);
        }
        if (out.isEmpty()) {
            throw new NnlException(what + ": the model has no layers", false);
        }
        return new KerasModel(name, true, List.of(input), out, List.of(new Ref(out.get(out.size() - 1).name(), 0)));
    }

    private static KerasModel functional(JsonObject cfg, String what) throws NnlException {
        String name = str(cfg, "name") == null ? "model" : str(cfg, "name");
        List<Input> inputs = new ArrayList<>();
        List<Layer> layers = new ArrayList<>();
        Set<String> inputNames = new HashSet<>();
        for (JsonElement e : arr(cfg.get("layers"), what, "config.layers")) {
            JsonObject l = obj(e, what, "a layer");
            String cls = str(l, "class_name");
            JsonObject c = obj(l.get("config"), what, "the config of a layer");
            String n = layerName(l, c, what);
            if (cls == null) {
                throw new NnlException(what + ": layer `" + n + "` has no `class_name`", false);
            }
            if (cls.equals("InputLayer")) {
                Input in = inputOf(c, n, what);
                if (in == null) {
                    throw new NnlException(what + ": input `" + n + "` has no shape", false);
                }
                inputs.add(in);
                inputNames.add(n);
                continue;
            }
            JsonArray nodes = l.get("inbound_nodes") instanceof JsonArray a ? a : new JsonArray();
            if (nodes.size() != 1) {
                throw new NnlException(what + ": layer `" + n + "` (" + cls + ") is called " + nodes.size()
                        + " times; nnl layers are called once (shared layers are not supported)", false);
            }
            layers.add(new Layer(cls, n, c, inbound(nodes.get(0), n, what)));
        }
        List<Ref> outs = refs(cfg.get("output_layers"), what, "output_layers");
        List<Ref> ins = refs(cfg.get("input_layers"), what, "input_layers");
        List<Input> ordered = new ArrayList<>();
        for (Ref r : ins) {
            inputs.stream().filter(i -> i.name().equals(r.layer())).findFirst().ifPresent(ordered::add);
        }
        if (ordered.size() != inputs.size() || inputs.isEmpty()) {
            throw new NnlException(what + ": `input_layers` does not list the model's InputLayers", false);
        }
        return new KerasModel(name, false, ordered, layers, outs);
    }

    /** Keras 3: {@code [{"args": [...], "kwargs": {}}]}; Keras 2 and TF.js: {@code [[name, node, index, kwargs], ...]}. */
    private static List<Ref> inbound(JsonElement node, String layer, String what) throws NnlException {
        List<Ref> out = new ArrayList<>();
        if (node instanceof JsonObject o) {
            if (o.get("kwargs") instanceof JsonObject kw) {
                checkKwargs(kw, layer, what);
            }
            collectTensors(o.get("args"), out, 0);
        } else if (node instanceof JsonArray a) {
            for (JsonElement t : a) {
                JsonArray ref = arr(t, what, "an inbound node of `" + layer + "`");
                if (ref.size() >= 4 && ref.get(3) instanceof JsonObject kw) {
                    checkKwargs(kw, layer, what);
                }
                out.add(ref(ref, what));
            }
        }
        if (out.isEmpty()) {
            throw new NnlException(what + ": layer `" + layer + "` has no inbound tensors", false);
        }
        return out;
    }

    /**
     * Call arguments nnl can honour: {@code training} (an import is for inference and nnl's own
     * training) and an absent {@code mask} (masks flow from Embedding as in Keras). Anything else
     * (an initial state, a mask tensor) changes the call: refused.
     */
    private static void checkKwargs(JsonObject kw, String layer, String what) throws NnlException {
        for (String k : kw.keySet()) {
            boolean ok = k.equals("training") || k.equals("mask") && kw.get(k).isJsonNull();
            if (!ok) {
                throw new NnlException(what + ": layer `" + layer + "` is called with the keyword argument `" + k
                        + "`, which nnl does not support", false);
            }
        }
    }

    private static void collectTensors(JsonElement e, List<Ref> out, int depth) throws NnlException {
        if (depth > 3 || e == null) {
            return;
        }
        if (e instanceof JsonArray a) {
            for (JsonElement x : a) {
                collectTensors(x, out, depth + 1);
            }
        } else if (e instanceof JsonObject o && "__keras_tensor__".equals(str(o, "class_name"))
                && o.get("config") instanceof JsonObject c && c.get("keras_history") instanceof JsonArray h) {
            out.add(ref(h, "keras_history"));
        }
    }

    private static List<Ref> refs(JsonElement e, String what, String key) throws NnlException {
        JsonArray a = arr(e, what, key);
        List<Ref> out = new ArrayList<>();
        if (!a.isEmpty() && a.get(0).isJsonPrimitive()) {
            out.add(ref(a, what));
            return out;
        }
        for (JsonElement x : a) {
            out.add(ref(arr(x, what, key), what));
        }
        return out;
    }

    private static Ref ref(JsonArray a, String what) throws NnlException {
        if (a.size() < 3 || !a.get(0).isJsonPrimitive() || !a.get(2).isJsonPrimitive()) {
            throw new NnlException(what + ": a tensor reference is not [layer, node, index]", false);
        }
        try {
            return new Ref(a.get(0).getAsString(), a.get(2).getAsInt());
        } catch (NumberFormatException e) {
            throw new NnlException(what + ": a tensor reference is not [layer, node, index]", false);
        }
    }

    private static String layerName(JsonObject l, JsonObject c, String what) throws NnlException {
        String n = str(c, "name") != null ? str(c, "name") : str(l, "name");
        if (n == null || n.isEmpty()) {
            throw new NnlException(what + ": a layer has no name", false);
        }
        return n;
    }

    /** An input from {@code batch_shape} (Keras 3), {@code batch_input_shape} (Keras 2, TF.js) or {@code input_shape}. */
    private static Input inputOf(JsonObject c, String name, String what) throws NnlException {
        long[] shape = null;
        if (c.get("batch_shape") instanceof JsonArray a) {
            shape = drop(shape(a, what));
        } else if (c.get("batch_input_shape") instanceof JsonArray a) {
            shape = drop(shape(a, what));
        } else if (c.get("input_shape") instanceof JsonArray a) {
            shape = shape(a, what);
        }
        if (shape == null) {
            return null;
        }
        String dtype = "float32";
        JsonElement d = c.has("input_dtype") ? c.get("input_dtype") : c.get("dtype");
        if (d != null && d.isJsonPrimitive() && d.getAsString().startsWith("int")) {
            dtype = "int32";
        }
        return new Input(name, shape, dtype);
    }

    private static long[] drop(long[] batchShape) {
        long[] s = new long[Math.max(0, batchShape.length - 1)];
        System.arraycopy(batchShape, 1, s, 0, s.length);
        return s;
    }

    private static long[] shape(JsonArray a, String what) throws NnlException {
        long[] s = new long[a.size()];
        for (int i = 0; i < s.length; i++) {
            JsonElement d = a.get(i);
            if (d.isJsonNull()) {
                s[i] = -1;
            } else if (d.isJsonPrimitive() && d.getAsJsonPrimitive().isNumber() && d.getAsDouble() >= 1
                    && d.getAsDouble() <= Integer.MAX_VALUE && d.getAsDouble() == Math.rint(d.getAsDouble())) {
                s[i] = d.getAsLong();
            } else {
                throw new NnlException(what + ": an input shape has the dimension " + d + "; expected a positive integer or null", false);
            }
        }
        return s;
    }

    static String str(JsonObject o, String key) {
        JsonElement e = o.get(key);
        return e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isString() ? e.getAsString() : null;
    }

    static JsonObject obj(JsonElement e, String what, String which) throws NnlException {
        if (e instanceof JsonObject o) {
            return o;
        }
        throw new NnlException(what + ": not a Keras model config (" + which + " is not an object)", false);
    }

    static JsonArray arr(JsonElement e, String what, String which) throws NnlException {
        if (e instanceof JsonArray a) {
            return a;
        }
        throw new NnlException(what + ": not a Keras model config (" + which + " is not a list)", false);
    }
}
