package dev.nnl.compiler.diff;

import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import dev.nnl.compiler.diag.Diagnostic;
import dev.nnl.compiler.diag.render.JsonRenderer;
import dev.nnl.compiler.diff.ModelDiff.ArgChange;
import dev.nnl.compiler.diff.ModelDiff.BlockChange;
import dev.nnl.compiler.diff.ModelDiff.Count;
import dev.nnl.compiler.diff.ModelDiff.InputChange;
import dev.nnl.compiler.diff.ModelDiff.KeyChange;
import dev.nnl.compiler.diff.ModelDiff.Layer;
import dev.nnl.compiler.diff.ModelDiff.LayerChange;
import dev.nnl.compiler.diff.ModelDiff.MergeChange;
import dev.nnl.compiler.ir.Shape;
import dev.nnl.compiler.summary.SummaryJson;
import java.util.List;

/**
 * {@code nnlc diff --format json}: the object docs/diff.md documents, key order included. Layers
 * are written as {@code nnlc summary --format json} writes them (shapes with the batch axis, None
 * as null), diagnostics as {@code nnlc check --format json} does, with their file.
 */
public final class DiffJson {
    private DiffJson() {
    }

    public static String render(FileDiff d, boolean pretty) {
        return SummaryJson.write(toJson(d), pretty);
    }

    /** {@code nnlc diff --git --format json}: {@code {"files": [...]}}, one object per file. */
    public static String renderFiles(List<FileDiff> diffs) {
        JsonArray files = new JsonArray();
        diffs.forEach(d -> files.add(toJson(d)));
        JsonObject o = new JsonObject();
        o.add("files", files);
        return SummaryJson.write(o, true);
    }

    public static JsonObject toJson(FileDiff d) {
        JsonObject o = new JsonObject();
        o.addProperty("old", d.oldName());
        o.addProperty("new", d.newName());
        o.addProperty("changed", d.changed());
        o.addProperty("identical_text", d.identicalText());
        o.addProperty("summary", d.changed() ? DiffText.countsLine(d) : d.noChangeSentence());
        JsonArray models = new JsonArray();
        d.models().forEach(m -> models.add(model(m)));
        o.add("models", models);
        JsonObject diags = new JsonObject();
        diags.add("new", diagnostics(d.newDiagnostics()));
        diags.add("resolved", diagnostics(d.resolvedDiagnostics()));
        o.add("diagnostics", diags);
        return o;
    }

    private static JsonObject model(ModelDiff m) {
        JsonObject o = new JsonObject();
        o.addProperty("name", m.name());
        o.addProperty("old_name", m.oldName());
        o.addProperty("change", m.status().word());
        o.addProperty("old_complete", m.oldComplete());
        o.addProperty("new_complete", m.newComplete());
        JsonArray layers = new JsonArray();
        for (LayerChange l : m.layers()) {
            JsonObject j = new JsonObject();
            j.addProperty("change", l.change().word());
            j.addProperty("name", l.name());
            j.addProperty("class_name", l.className());
            j.add("before", layer(l.before()));
            j.add("after", layer(l.after()));
            JsonArray args = new JsonArray();
            for (ArgChange a : l.arguments()) {
                JsonObject x = new JsonObject();
                x.addProperty("name", a.name());
                x.addProperty("before", a.before());
                x.addProperty("after", a.after());
                args.add(x);
            }
            j.add("arguments", args);
            j.addProperty("renamed", l.renamed());
            j.addProperty("inbound_changed", l.inboundChanged());
            layers.add(j);
        }
        o.add("layers", layers);
        JsonArray inputs = new JsonArray();
        for (InputChange i : m.inputs()) {
            inputs.add(triple("name", i.name(), i.before(), i.after()));
        }
        o.add("inputs", inputs);
        if (m.outputs() == null) {
            o.add("outputs", JsonNull.INSTANCE);
        } else {
            JsonObject out = new JsonObject();
            out.add("before", strings(m.outputs().before()));
            out.add("after", strings(m.outputs().after()));
            o.add("outputs", out);
        }
        JsonArray merges = new JsonArray();
        for (MergeChange g : m.merges()) {
            JsonObject x = new JsonObject();
            x.addProperty("name", g.name());
            x.addProperty("class_name", g.className());
            x.addProperty("change", g.change().word());
            x.add("before", strings(g.before()));
            x.add("after", strings(g.after()));
            merges.add(x);
        }
        o.add("merges", merges);
        JsonArray blocks = new JsonArray();
        for (BlockChange b : m.blocks()) {
            JsonObject x = new JsonObject();
            x.addProperty("block", b.block());
            x.addProperty("call", b.call());
            x.addProperty("line", b.line());
            x.addProperty("change", b.change().word());
            x.add("layers", strings(b.layers()));
            blocks.add(x);
        }
        o.add("blocks", blocks);
        JsonObject params = new JsonObject();
        params.add("total", count(m.params().total()));
        params.add("trainable", count(m.params().trainable()));
        params.add("non_trainable", count(m.params().nonTrainable()));
        o.add("params", params);
        JsonObject train = new JsonObject();
        train.addProperty("change", m.train().change().word());
        train.addProperty("present", m.train().present());
        JsonArray keys = new JsonArray();
        for (KeyChange k : m.train().keys()) {
            keys.add(triple("key", k.key(), k.before(), k.after()));
        }
        train.add("keys", keys);
        o.add("train", train);
        return o;
    }

    private static JsonObject layer(Layer l) {
        if (l == null) {
            return null;
        }
        JsonObject o = new JsonObject();
        o.addProperty("name", l.name());
        o.addProperty("class_name", l.className());
        o.addProperty("call", l.call());
        if (l.shapes().size() == 1) {
            o.add("output_shape", SummaryJson.shape(l.shapes().get(0)));
        } else {
            JsonArray shapes = new JsonArray();
            for (Shape s : l.shapes()) {
                shapes.add(SummaryJson.shape(s));
            }
            o.add("output_shape", shapes);
        }
        o.addProperty("params", l.params());
        o.addProperty("trainable_params", l.trainableParams());
        o.addProperty("non_trainable_params", l.params() - l.trainableParams());
        o.add("inbound", strings(l.inbound()));
        return o;
    }

    private static JsonObject triple(String what, String name, String before, String after) {
        JsonObject x = new JsonObject();
        x.addProperty(what, name);
        x.addProperty("before", before);
        x.addProperty("after", after);
        return x;
    }

    private static JsonObject count(Count c) {
        JsonObject o = new JsonObject();
        o.addProperty("before", c.before());
        o.addProperty("after", c.after());
        if (c.before() == 0) {
            o.add("ratio", JsonNull.INSTANCE);
        } else {
            o.addProperty("ratio", Math.round(c.ratio() * 10_000) / 10_000.0);
        }
        return o;
    }

    private static JsonArray strings(List<String> items) {
        JsonArray a = new JsonArray();
        items.forEach(a::add);
        return a;
    }

    private static JsonArray diagnostics(List<Diagnostic> ds) {
        JsonArray a = new JsonArray();
        for (Diagnostic d : ds) {
            JsonObject o = JsonRenderer.diagnostic(d);
            o.addProperty("file", d.span().file().name());
            a.add(o);
        }
        return a;
    }
}
