package dev.nnl.runtime.keras;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.nnl.compiler.ir.InputNode;
import dev.nnl.compiler.ir.LayerNode;
import dev.nnl.compiler.ir.ModelIR;
import dev.nnl.compiler.ir.OutputRef;
import dev.nnl.compiler.ir.Shape;
import dev.nnl.compiler.layers.BoundLayer;
import dev.nnl.compiler.layers.LayerArgs;
import dev.nnl.compiler.layers.LayerDef;
import dev.nnl.compiler.layers.Param;
import dev.nnl.compiler.value.Value;
import dev.nnl.runtime.NnlException;
import dev.nnl.runtime.io.AtomicFiles;
import dev.nnl.runtime.layers.KerasMapping;
import dev.nnl.runtime.layers.LayerRuntimes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A checked model as Keras's model config: Keras 3's {@code model.to_json()} layout, or the Keras 2
 * layout TF.js 4.22 reads ({@code batch_input_shape}, list inbound nodes, its spellings from each
 * layer's {@link KerasMapping#tfjsKeys}). Every argument is written, defaults included, so a
 * reader with other defaults (TF.js's LSTM gates default to hard_sigmoid) computes the same model.
 */
public final class ConfigWriter {
    /** Which reader the config is for. */
    public enum Flavor {
        KERAS3, TFJS
    }

    private final Flavor flavor;

    private ConfigWriter(Flavor flavor) {
        this.flavor = flavor;
    }

    /** Writes the model's Keras 3 config, as {@code model.to_json()} gives it, to {@code target}, atomically. */
    public static void writeKerasJson(ModelIR m, Path target) throws NnlException {
        String text = new GsonBuilder().setPrettyPrinting().serializeNulls().create().toJson(write(m, Flavor.KERAS3));
        try {
            AtomicFiles.write(target, (text + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new NnlException("cannot write " + target + ": " + e.getMessage(), true);
        }
    }

    /**
     * The model config; for TF.js, refused (one line per layer) when a layer is one TF.js cannot
     * run as Keras does.
     */
    public static JsonObject write(ModelIR m, Flavor flavor) throws NnlException {
        if (flavor == Flavor.TFJS) {
            List<String> problems = new ArrayList<>();
            Map<String, Shape> shapes = new HashMap<>();
            java.util.Set<String> masked = new java.util.HashSet<>();
            m.inputs().forEach(i -> shapes.put(i.name(), i.shape()));
            for (LayerNode n : m.layers()) {
                List<Shape> in = n.inbound().stream().map(shapes::get).toList();
                boolean maskedIn = n.inbound().stream().anyMatch(masked::contains);
                limits(n.className(), n.args(), in, maskedIn, "layer `" + n.name() + "` (" + n.className() + ")", problems);
                shapes.put(n.name(), n.outputShapes().get(0));
                dev.nnl.compiler.layers.Masking mk = n.def().masking(n.args());
                if (mk == dev.nnl.compiler.layers.Masking.PRODUCE || mk == dev.nnl.compiler.layers.Masking.PROPAGATE && maskedIn) {
                    masked.add(n.name());
                }
            }
            if (!problems.isEmpty()) {
                throw new NnlException("cannot export " + m.name() + " to TF.js:\n  " + String.join("\n  ", problems), false);
            }
        }
        return new ConfigWriter(flavor).model(m);
    }

    private static void limits(String cls, LayerArgs args, List<Shape> in, boolean maskedIn, String where, List<String> problems) {
        for (KerasMapping.Limit l : LayerRuntimes.of(cls).keras().tfjsLimits()) {
            if ((maskedIn || !l.onlyMasked()) && l.when().test(args, in)) {
                problems.add(where + ": " + l.why());
            }
        }
        for (Object v : args.values().values()) {
            if (v instanceof BoundLayer b) {
                limits(b.def().className(), b.args(), in, false, where + " wrapping " + b.def().className(), problems);
            }
        }
    }

    /** The name TF.js gives a weight: {@code layer/kernel}, and {@code layer/forward_lstm/kernel} inside a Bidirectional. */
    public static String tfjsWeightName(LayerNode n, String weight) {
        if (n.args().get("layer") instanceof BoundLayer inner) {
            for (String dir : List.of("forward_", "backward_")) {
                if (weight.startsWith(dir)) {
                    return n.name() + "/" + dir + snake(inner.def().className()) + "/" + weight.substring(dir.length());
                }
            }
        }
        return n.name() + "/" + weight;
    }

    private JsonObject model(ModelIR m) {
        JsonObject top = new JsonObject();
        JsonObject cfg = new JsonObject();
        cfg.addProperty("name", m.name());
        cfg.addProperty("trainable", true);
        JsonArray layers = new JsonArray();
        boolean seq = m.isSequential();
        if (seq) {
            InputNode in = m.inputs().get(0);
            if (flavor == Flavor.KERAS3) {
                layers.add(wrap("InputLayer", inputConfig(in, "input_layer"), null));
            }
            for (int i = 0; i < m.layers().size(); i++) {
                LayerNode n = m.layers().get(i);
                JsonObject c = layerConfig(n.className(), n.name(), n.args());
                if (i == 0 && flavor == Flavor.TFJS) {
                    c.add("batch_input_shape", batchShape(in.shape()));
                    c.addProperty("dtype", "float32"); // TF.js feeds token ids as floats; its Embedding casts them
                }
                layers.add(wrap(n.className(), c, null));
            }
            top.addProperty("class_name", "Sequential");
        } else {
            Map<String, Integer> outputsOf = new HashMap<>();
            Map<String, Shape> shapes = new HashMap<>();
            for (InputNode in : m.inputs()) {
                JsonObject l = wrap("InputLayer", inputConfig(in, in.name()), new JsonArray());
                layers.add(l);
                outputsOf.put(in.name(), 1);
                shapes.put(in.name() + ":0", in.shape());
            }
            for (LayerNode n : m.layers()) {
                List<String[]> refs = new ArrayList<>();
                boolean splat = n.def().isMerge() && n.inbound().size() == 1;
                for (String src : n.inbound()) {
                    int count = splat ? outputsOf.getOrDefault(src, 1) : 1;
                    for (int k = 0; k < count; k++) {
                        refs.add(new String[] {src, Integer.toString(k)});
                    }
                }
                layers.add(wrap(n.className(), layerConfig(n.className(), n.name(), n.args()), inbound(refs, n.def().isMerge(), shapes)));
                outputsOf.put(n.name(), n.outputShapes().size());
                for (int k = 0; k < n.outputShapes().size(); k++) {
                    shapes.put(n.name() + ":" + k, n.outputShapes().get(k));
                }
            }
            cfg.add("input_layers", refList(m.inputs().stream().map(i -> new String[] {i.name(), "0"}).toList()));
            List<String[]> outs = new ArrayList<>();
            for (OutputRef o : m.outputs()) {
                int count = o.index() == 0 ? outputsOf.getOrDefault(o.name(), 1) : 1;
                for (int k = 0; k < count; k++) {
                    outs.add(new String[] {o.name(), Integer.toString(o.index() + k)});
                }
            }
            cfg.add("output_layers", refList(outs));
            top.addProperty("class_name", flavor == Flavor.TFJS ? "Model" : "Functional");
        }
        cfg.add("layers", layers);
        if (flavor == Flavor.KERAS3) {
            top.addProperty("module", seq ? "keras" : "keras.src.models.functional");
        }
        top.add("config", cfg);
        if (flavor == Flavor.KERAS3) {
            top.add("registered_name", JsonNull.INSTANCE);
        }
        top.addProperty("keras_version", flavor == Flavor.TFJS ? "tfjs-layers 4.22.0" : "3.6.0");
        top.addProperty("backend", flavor == Flavor.TFJS ? "tensor_flow.js" : "tensorflow");
        return top;
    }

    private JsonObject wrap(String cls, JsonObject config, JsonArray inbound) {
        JsonObject l = new JsonObject();
        if (flavor == Flavor.KERAS3) {
            l.addProperty("module", "keras.layers");
        }
        l.addProperty("class_name", cls);
        l.add("config", config);
        if (flavor == Flavor.KERAS3) {
            l.add("registered_name", JsonNull.INSTANCE);
        }
        if (inbound != null) {
            l.addProperty("name", config.get("name").getAsString());
            l.add("inbound_nodes", inbound);
        }
        return l;
    }

    private JsonArray inbound(List<String[]> refs, boolean merge, Map<String, Shape> shapes) {
        JsonArray nodes = new JsonArray();
        if (flavor == Flavor.TFJS) {
            JsonArray node = new JsonArray();
            for (String[] r : refs) {
                JsonArray t = new JsonArray();
                t.add(r[0]);
                t.add(0);
                t.add(Integer.parseInt(r[1]));
                t.add(new JsonObject());
                node.add(t);
            }
            nodes.add(node);
            return nodes;
        }
        JsonArray tensors = new JsonArray();
        for (String[] r : refs) {
            JsonObject t = new JsonObject();
            t.addProperty("class_name", "__keras_tensor__");
            JsonObject c = new JsonObject();
            Shape s = shapes.get(r[0] + ":" + r[1]);
            c.add("shape", s == null ? JsonNull.INSTANCE : batchShape(s));
            c.addProperty("dtype", "float32");
            JsonArray h = new JsonArray();
            h.add(r[0]);
            h.add(0);
            h.add(Integer.parseInt(r[1]));
            c.add("keras_history", h);
            t.add("config", c);
            tensors.add(t);
        }
        JsonObject node = new JsonObject();
        JsonArray args = new JsonArray();
        if (merge) {
            args.add(tensors);
        } else {
            args.addAll(tensors);
        }
        node.add("args", args);
        node.add("kwargs", new JsonObject());
        nodes.add(node);
        return nodes;
    }

    private static JsonArray refList(List<String[]> refs) {
        JsonArray a = new JsonArray();
        for (String[] r : refs) {
            JsonArray t = new JsonArray();
            t.add(r[0]);
            t.add(0);
            t.add(Integer.parseInt(r[1]));
            a.add(t);
        }
        return a;
    }

    private JsonObject inputConfig(InputNode in, String name) {
        JsonObject c = new JsonObject();
        c.add(flavor == Flavor.TFJS ? "batch_input_shape" : "batch_shape", batchShape(in.shape()));
        c.addProperty("dtype", flavor == Flavor.TFJS ? "float32" : in.dtype().label());
        c.addProperty("sparse", false);
        c.addProperty("name", name);
        return c;
    }

    private static JsonArray batchShape(Shape s) {
        JsonArray a = new JsonArray();
        a.add(JsonNull.INSTANCE);
        for (long d : s.dims()) {
            if (d < 0) {
                a.add(JsonNull.INSTANCE);
            } else {
                a.add(d);
            }
        }
        return a;
    }

    /** Every argument of the layer with its value, in the flavor's spelling; initializers and the like are left to the reader's defaults. */
    private JsonObject layerConfig(String cls, String name, LayerArgs args) {
        LayerDef def = dev.nnl.compiler.layers.Registry.get(cls);
        KerasMapping m = LayerRuntimes.of(cls).keras();
        JsonObject c = new JsonObject();
        c.addProperty("name", name);
        c.addProperty("trainable", !Boolean.FALSE.equals(args.get("trainable")));
        c.addProperty("dtype", "float32");
        for (Param p : def.params().params()) {
            if (p.name().equals("name") || p.name().equals("trainable") || p.isIgnored() || p.name().equals("embeddings")
                    || p.type() == dev.nnl.compiler.layers.Common.INITIALIZER || p.type() == dev.nnl.compiler.layers.Common.REGULARIZER
                    || p.type() == dev.nnl.compiler.layers.Common.CONSTRAINT) {
                continue;
            }
            String key = flavor == Flavor.TFJS ? m.tfjsKeys().getOrDefault(p.name(), p.name()) : p.name();
            Object v = args.get(p.name());
            if (v instanceof BoundLayer b) {
                JsonObject inner = new JsonObject();
                inner.addProperty("class_name", b.def().className());
                inner.add("config", layerConfig(b.def().className(), snake(b.def().className()), b.args()));
                if (flavor == Flavor.KERAS3) {
                    inner.addProperty("module", "keras.layers");
                    inner.add("registered_name", JsonNull.INSTANCE);
                }
                c.add(key, inner);
            } else if (flavor == Flavor.TFJS && p.type() == dev.nnl.compiler.layers.Common.ACTIVATION && v instanceof String a) {
                c.addProperty(key, KerasMapping.TFJS_ACTIVATION_NAMES.getOrDefault(a, a));
            } else {
                c.add(key, json(v));
            }
        }
        return c;
    }

    private static JsonElement json(Object v) {
        if (v == null) {
            return JsonNull.INSTANCE;
        }
        if (v instanceof Boolean b) {
            return new JsonPrimitive(b);
        }
        if (v instanceof Number n) {
            return new JsonPrimitive(n);
        }
        if (v instanceof String s) {
            return new JsonPrimitive(s);
        }
        if (v instanceof Value.Sym s) {
            return new JsonPrimitive(s.name());
        }
        if (v instanceof long[] l) {
            JsonArray a = new JsonArray();
            for (long x : l) {
                a.add(x);
            }
            return a;
        }
        if (v instanceof List<?> list) {
            JsonArray a = new JsonArray();
            list.forEach(x -> a.add(json(x)));
            return a;
        }
        return new JsonPrimitive(String.valueOf(v));
    }

    /** keras.src.utils.naming.to_snake_case, the compiler's rule for default names: a wrapped layer's name, Keras 3's weight paths. */
    static String snake(String cls) {
        return dev.nnl.compiler.check.LayerNames.snakeCase(cls);
    }
}
