package dev.nnl.compiler.diag.render;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.nnl.compiler.diag.Diagnostic;
import dev.nnl.compiler.source.Position;
import dev.nnl.compiler.source.Span;
import java.util.List;

/**
 * The {@code --format json} output of {@code nnlc check}, as docs/cli.md shows it under "Output
 * formats": positions are 0-based with UTF-16 columns, as in the Language Server Protocol, so
 * editors use them directly.
 */
public final class JsonRenderer {
    private final Gson gson;

    /** Compact output: the whole object on one line. */
    public JsonRenderer() {
        this(false);
    }

    public JsonRenderer(boolean pretty) {
        // Gson escapes `=`, `<`, `>` and `'` for HTML by default; messages quote code full of them.
        GsonBuilder builder = new GsonBuilder().disableHtmlEscaping();
        if (pretty) {
            builder.setPrettyPrinting();
        }
        this.gson = builder.create();
    }

    /** {@code {"files": [...]}} followed by {@code \n}, files and diagnostics in the given order. */
    public String render(List<FileDiagnostics> files) {
        JsonArray fileArray = new JsonArray();
        for (FileDiagnostics f : files) {
            JsonArray diagnostics = new JsonArray();
            for (Diagnostic d : f.diagnostics()) {
                diagnostics.add(diagnostic(d));
            }
            JsonObject file = new JsonObject();
            file.addProperty("file", f.file());
            file.add("diagnostics", diagnostics);
            fileArray.add(file);
        }
        JsonObject root = new JsonObject();
        root.add("files", fileArray);
        return gson.toJson(root) + "\n";
    }

    /** One diagnostic as the {@code diagnostics} array holds it (also in {@code nnlc diff --format json}). */
    public static JsonObject diagnostic(Diagnostic d) {
        JsonObject o = new JsonObject();
        o.addProperty("severity", d.severity().label());
        o.addProperty("code", d.code().id());
        o.addProperty("message", d.message());
        o.add("range", range(d.span()));
        JsonArray related = new JsonArray();
        for (Diagnostic.Related r : d.related()) {
            JsonObject note = new JsonObject();
            note.addProperty("message", r.message());
            note.add("range", range(r.span()));
            // Related places may be in another file (an imported block), so each names its own.
            note.addProperty("file", r.span().file().name());
            related.add(note);
        }
        o.add("related", related);
        if (d.help() != null) {
            o.addProperty("help", d.help());
        }
        return o;
    }

    private static JsonObject range(Span span) {
        JsonObject r = new JsonObject();
        r.add("start", position(span.startPosition()));
        r.add("end", position(span.endPosition()));
        return r;
    }

    private static JsonObject position(Position p) {
        JsonObject o = new JsonObject();
        o.addProperty("line", p.line());
        o.addProperty("character", p.character());
        return o;
    }
}
