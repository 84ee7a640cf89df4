package dev.nnl.compiler.summary;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import dev.nnl.compiler.ir.InputNode;
import dev.nnl.compiler.ir.LayerNode;
import dev.nnl.compiler.ir.ModelIR;
import dev.nnl.compiler.ir.OutputRef;
import dev.nnl.compiler.ir.Shape;

/** {@code nnlc summary --format json}: the object docs/cli.md shows under `nnlc summary`, key order included. */
public final class SummaryJson {
    private SummaryJson() {
    }

    public static String render(ModelIR m, boolean pretty) {
        return write(toJson(m), pretty);
    }

    /** The JSON of {@code summary} and {@code diff}: nulls kept, no HTML escaping, one trailing newline. */
    public static String write(JsonElement json, boolean pretty) {
        GsonBuilder b = new GsonBuilder().disableHtmlEscaping().serializeNulls();
        if (pretty) {
            b.setPrettyPrinting();
        }
        return b.create().toJson(json) + "\n";
    }

    public static JsonObject toJson(ModelIR m) {
        JsonObject o = new JsonObject();
        o.addProperty("model", m.name());
        JsonArray inputs = new JsonArray();
        for (InputNode in : m.inputs()) {
            JsonObject i = new JsonObject();
            i.addProperty("name", in.name());
            i.add("shape", shape(in.shape()));
            i.addProperty("dtype", in.dtype().label());
            inputs.add(i);
        }
        o.add("inputs", inputs);
        JsonArray layers = new JsonArray();
        for (LayerNode n : m.layers()) {
            JsonObject l = new JsonObject();
            l.addProperty("name", n.name());
            l.addProperty("class_name", n.className());
            JsonArray inbound = new JsonArray();
            n.inbound().forEach(inbound::add);
            l.add("inbound", inbound);
            if (n.outputShapes().size() == 1) {
                l.add("output_shape", shape(n.outputShapes().get(0)));
            } else {
                JsonArray shapes = new JsonArray();
                n.outputShapes().forEach(s -> shapes.add(shape(s)));
                l.add("output_shape", shapes);
            }
            l.addProperty("params", n.params());
            l.addProperty("trainable_params", n.trainableParams());
            l.addProperty("non_trainable_params", n.nonTrainableParams());
            layers.add(l);
        }
        o.add("layers", layers);
        JsonArray outputs = new JsonArray();
        for (OutputRef out : m.outputs()) {
            JsonObject j = new JsonObject();
            j.addProperty("name", out.index() == 0 ? out.name() : out.name() + "[" + out.index() + "]");
            j.add("shape", shape(out.shape()));
            outputs.add(j);
        }
        o.add("outputs", outputs);
        o.addProperty("total_params", m.totalParams());
        o.addProperty("trainable_params", m.trainableParams());
        o.addProperty("non_trainable_params", m.nonTrainableParams());
        return o;
    }

    /** A shape with its batch axis, {@code None} as null: {@code [null, 28, 28, 1]}. */
    public static JsonArray shape(Shape s) {
        JsonArray a = new JsonArray();
        for (Long d : s.withBatch()) {
            if (d == null) {
                a.add(JsonNull.INSTANCE);
            } else {
                a.add(d);
            }
        }
        return a;
    }
}
