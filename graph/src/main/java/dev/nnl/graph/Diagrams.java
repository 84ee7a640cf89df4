package dev.nnl.graph;

import dev.nnl.compiler.Compilation;
import dev.nnl.compiler.ModelParts;
import dev.nnl.compiler.analysis.BlockUse;
import dev.nnl.compiler.diag.Diagnostic;
import dev.nnl.compiler.ir.InputNode;
import dev.nnl.compiler.ir.LayerNode;
import dev.nnl.compiler.ir.OutputRef;
import dev.nnl.compiler.ir.Ref;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Builds the {@link Diagram} of one model of a compilation. A model that checked is drawn from its
 * IR; one with errors from the layers checking got through (the compiler's facts), with the first
 * error of the model as a red box after them.
 */
public final class Diagrams {
    static final String ERROR_ID = "error";

    private Diagrams() {
    }

    /** The diagram of model {@code name} (null when the file has no model: then only the error box, if any). */
    public static Diagram of(Compilation c, String name, DiagramOptions options) {
        return grouped(c, name, flat(c, name, options), options);
    }

    /** The diagram with its block calls collapsed into boxes, or drawn as frames with --expand-blocks. */
    static Diagram grouped(Compilation c, String name, Diagram flat, DiagramOptions options) {
        List<BlockUse> calls = outermost(c, name, flat.boxes());
        return options.expandBlocks() ? BlockGroups.expand(flat, calls) : BlockGroups.collapse(flat, calls);
    }

    /** One box per input and layer (and the error, if any), before block calls are grouped. */
    static Diagram flat(Compilation c, String name, DiagramOptions options) {
        ModelParts parts = ModelParts.of(c, name);
        Set<String> outputs = parts.outputs().stream().map(OutputRef::name).collect(Collectors.toSet());
        Diagnostic error = parts.complete() ? null : parts.firstError(c);
        List<Diagram.Box> boxes = new ArrayList<>();
        List<Diagram.Edge> edges = new ArrayList<>();
        Map<String, String> shapes = new LinkedHashMap<>();
        for (InputNode in : parts.inputs()) {
            boxes.add(new Diagram.Box(in.name(), Diagram.Kind.INPUT, "InputLayer", in.shape().toString(),
                    options.params() ? 0 : -1, outputs.contains(in.name()), ""));
            shapes.put(in.name(), in.shape().toString());
        }
        for (LayerNode n : parts.layers()) {
            boxes.add(new Diagram.Box(n.name(), Diagram.Kind.LAYER, n.className(), shapeText(n),
                    options.params() ? n.params() : -1, outputs.contains(n.name()), ""));
            for (int i = 0; i < n.outputShapes().size(); i++) {
                shapes.put(n.outputShapes().size() == 1 ? n.name() : n.name() + "[" + i + "]", n.outputShapes().get(i).toString());
            }
            for (String from : n.inbound()) {
                edges.add(new Diagram.Edge(Ref.parse(from).name(), n.name(), options.shapes() ? shapes.getOrDefault(from, "") : ""));
            }
        }
        if (error != null) {
            boxes.add(new Diagram.Box(ERROR_ID, Diagram.Kind.ERROR, "error", errorText(error), -1, false,
                    error.span() + ": " + error.message()));
            if (boxes.size() > 1) {
                edges.add(new Diagram.Edge(boxes.get(boxes.size() - 2).id(), ERROR_ID, ""));
            }
        }
        Set<String> ids = boxes.stream().map(Diagram.Box::id).collect(Collectors.toSet());
        // In a model with errors a layer may read a name that never resolved: no edge for it.
        edges.removeIf(e -> !ids.contains(e.from()) || !ids.contains(e.to()));
        return new Diagram(name == null ? "" : name, boxes, edges, List.of());
    }

    private static String shapeText(LayerNode n) {
        return n.outputShapes().stream().map(Object::toString).collect(Collectors.joining(", "));
    }

    private static String errorText(Diagnostic d) {
        String text = d.span().text().strip();
        int nl = text.indexOf('\n');
        text = nl >= 0 ? text.substring(0, nl) : text;
        return text.length() > 48 ? text.substring(0, 47) + "…" : text;
    }

    /** The block calls of the model whose layers are all drawn and that no other call contains. */
    private static List<BlockUse> outermost(Compilation c, String name, List<Diagram.Box> boxes) {
        Set<String> drawn = boxes.stream().map(Diagram.Box::id).collect(Collectors.toSet());
        List<BlockUse> calls = c.facts().blocks().stream()
                .filter(b -> b.model().equals(name) && b.call().file() == c.file() && !b.layers().isEmpty()
                        && drawn.containsAll(b.layers()))
                .toList();
        List<BlockUse> out = new ArrayList<>();
        for (BlockUse b : calls) {
            boolean inner = calls.stream().anyMatch(o -> o != b && o.layers().size() > b.layers().size()
                    && o.layers().containsAll(b.layers()));
            if (!inner) {
                out.add(b);
            }
        }
        return out;
    }
}
