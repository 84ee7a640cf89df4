package dev.nnl.graph;

import dev.nnl.compiler.Compilation;
import dev.nnl.compiler.diff.DiffText;
import dev.nnl.compiler.diff.ModelDiff;
import dev.nnl.compiler.diff.ModelDiff.Change;
import dev.nnl.compiler.diff.ModelDiff.InputChange;
import dev.nnl.compiler.diff.ModelDiff.LayerChange;
import dev.nnl.compiler.ir.Ref;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The picture of a diff ({@code nnlc graph --diff OLD NEW}): the new model drawn as
 * {@link Diagrams} draws it, with its added and changed boxes marked, and the removed layers drawn
 * back in where they were, marked removed, with the edges they had. What is added, removed or
 * changed is the compiler's diff ({@link ModelDiff}), never decided here.
 */
public final class DiffDiagrams {
    private DiffDiagrams() {
    }

    public static Diagram of(Compilation old, Compilation neu, ModelDiff diff, DiagramOptions options) {
        if (diff.status() == Change.REMOVED) {
            Diagram was = Diagrams.flat(old, diff.oldName(), options);
            Map<String, Diagram.Mark> marks = new HashMap<>();
            was.boxes().forEach(b -> marks.put(b.id(), Diagram.Mark.REMOVED));
            return Diagrams.grouped(old, diff.oldName(), new Diagram(was.model(), was.boxes(), was.edges(), List.of(), marks), options);
        }
        Diagram now = Diagrams.flat(neu, diff.name(), options);
        Map<String, Diagram.Mark> marks = new HashMap<>();
        Map<String, String> tooltips = new HashMap<>();
        Set<String> ids = new HashSet<>();
        now.boxes().forEach(b -> ids.add(b.id()));
        // Old names of what stayed → their new names; removed layers → their boxes' ids.
        Map<String, String> toNew = new HashMap<>();
        for (LayerChange l : diff.layers()) {
            if (l.before() != null && l.after() != null) {
                toNew.put(l.before().name(), l.after().name());
            }
            if (l.after() != null && l.change() != Change.UNCHANGED) {
                marks.put(l.after().name(), l.change() == Change.ADDED ? Diagram.Mark.ADDED : Diagram.Mark.CHANGED);
                tooltips.put(l.after().name(), DiffText.layerLine(l));
            }
        }
        for (InputChange i : diff.inputs()) {
            if (i.after() != null) {
                marks.put(i.name(), i.before() == null ? Diagram.Mark.ADDED : Diagram.Mark.CHANGED);
            }
        }
        now.boxes().stream().filter(b -> b.kind() == Diagram.Kind.INPUT && !marks.containsKey(b.id()))
                .forEach(b -> toNew.put(b.id(), b.id()));
        List<Diagram.Box> boxes = new ArrayList<>();
        for (Diagram.Box b : now.boxes()) {
            boxes.add(tooltips.containsKey(b.id()) ? new Diagram.Box(b.id(), b.kind(), b.className(), b.shape(), b.params(),
                    b.output(), tooltips.get(b.id())) : b);
        }
        List<Diagram.Edge> edges = new ArrayList<>(now.edges());
        Map<String, String> removedIds = new HashMap<>();
        List<LayerChange> removed = diff.layers().stream().filter(l -> l.change() == Change.REMOVED).toList();
        for (LayerChange l : removed) {
            String id = ids.contains(l.before().name()) ? l.before().name() + " (removed)" : l.before().name();
            ids.add(id);
            removedIds.put(l.before().name(), id);
            boxes.add(new Diagram.Box(id, Diagram.Kind.LAYER, l.className(), l.before().shapeText(),
                    options.params() ? l.before().params() : -1, false, DiffText.layerLine(l)));
            marks.put(id, Diagram.Mark.REMOVED);
        }
        for (LayerChange l : diff.layers()) {
            if (l.before() == null) {
                continue;
            }
            String to = l.after() != null ? l.after().name() : removedIds.get(l.before().name());
            for (String ref : l.before().inbound()) {
                String from = Ref.parse(ref).name();
                // Only edges that touch a removed layer are missing from the new model's picture.
                if (removedIds.containsKey(from) || l.after() == null) {
                    String fromId = removedIds.getOrDefault(from, toNew.get(from));
                    if (fromId != null) {
                        edges.add(new Diagram.Edge(fromId, to, ""));
                    }
                }
            }
        }
        return Diagrams.grouped(neu, diff.name(), new Diagram(now.model(), boxes, edges, List.of(), marks), options);
    }
}
