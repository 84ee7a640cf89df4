package dev.nnl.lsp;

import dev.nnl.graph.Diagram;
import dev.nnl.graph.DiagramOptions;
import dev.nnl.graph.Diagrams;
import dev.nnl.graph.SvgWriter;
import java.util.List;
import org.eclipse.lsp4j.TextDocumentIdentifier;

/**
 * The {@code nnl/graph} request: the SVG picture {@code nnlc graph} draws, of an open document's
 * model as the editor has it (unsaved text included; with errors, drawn up to the failing layer).
 */
final class Graphs {
    private Graphs() {
    }

    /** The request: the document, and optionally the model and {@code nnlc graph}'s options. */
    public static final class Params {
        public TextDocumentIdentifier textDocument;
        public String model;
        public boolean shapes;
        public boolean params;
        public boolean expandBlocks;
        /** {@code TB} (the default) or {@code LR}. */
        public String direction;
    }

    /** The answer: the SVG, the model drawn (empty when the file has none), every model's name, and whether it has errors. */
    public static final class Result {
        public String svg;
        public String model;
        public List<String> models;
        public boolean hasErrors;
    }

    static Result of(Analysis a, Params p) {
        List<String> names = a.compilation().modelNames();
        String model = p.model != null && names.contains(p.model) ? p.model : names.isEmpty() ? null : names.get(0);
        DiagramOptions options = new DiagramOptions(p.shapes, p.params, p.expandBlocks, "LR".equalsIgnoreCase(p.direction));
        Diagram d = Diagrams.of(a.compilation(), model, options);
        Result r = new Result();
        r.svg = SvgWriter.write(d, options);
        r.model = model == null ? "" : model;
        r.models = names;
        r.hasErrors = a.compilation().hasErrors();
        return r;
    }
}
