package dev.nnl.graph;

import dev.nnl.compiler.analysis.BlockUse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Block calls in a diagram: collapsed, each call is one box standing for its layers; expanded,
 * its layers keep their boxes inside a frame named after the call.
 */
final class BlockGroups {
    private BlockGroups() {
    }

    static Diagram expand(Diagram flat, List<BlockUse> calls) {
        List<Diagram.Group> groups = new ArrayList<>();
        Map<String, Integer> counts = new HashMap<>();
        for (BlockUse call : calls) {
            groups.add(new Diagram.Group(groupId(call, counts), callText(call), call.layers()));
        }
        return new Diagram(flat.model(), flat.boxes(), flat.edges(), groups, flat.marks());
    }

    static Diagram collapse(Diagram flat, List<BlockUse> calls) {
        Map<String, String> owner = new HashMap<>();
        Map<String, Diagram.Box> merged = new HashMap<>();
        Map<String, Integer> counts = new HashMap<>();
        Map<String, Diagram.Mark> marks = new HashMap<>(flat.marks());
        Map<String, Diagram.Box> byId = new HashMap<>();
        flat.boxes().forEach(b -> byId.put(b.id(), b));
        for (BlockUse call : calls) {
            String id = groupId(call, counts);
            long params = 0;
            boolean output = false;
            for (String layer : call.layers()) {
                owner.put(layer, id);
                Diagram.Box b = byId.get(layer);
                params += Math.max(0, b.params());
                output |= b.output();
            }
            // In a diff picture a call is added when all its layers are, and changed when any is marked.
            List<Diagram.Mark> inside = call.layers().stream().map(flat.marks()::get).toList();
            if (inside.stream().allMatch(m -> m == Diagram.Mark.ADDED)) {
                marks.put(id, Diagram.Mark.ADDED);
            } else if (inside.stream().anyMatch(java.util.Objects::nonNull)) {
                marks.put(id, Diagram.Mark.CHANGED);
            }
            Diagram.Box last = byId.get(call.layers().get(call.layers().size() - 1));
            merged.put(id, new Diagram.Box(id, Diagram.Kind.BLOCK, call.block(), last.shape(),
                    last.params() < 0 ? -1 : params, output,
                    callText(call) + ": " + String.join(", ", call.layers())));
        }
        List<Diagram.Box> boxes = new ArrayList<>();
        Set<String> placed = new LinkedHashSet<>();
        for (Diagram.Box b : flat.boxes()) {
            String id = owner.getOrDefault(b.id(), b.id());
            if (placed.add(id)) {
                boxes.add(merged.getOrDefault(id, b));
            }
        }
        Set<Diagram.Edge> edges = new LinkedHashSet<>();
        for (Diagram.Edge e : flat.edges()) {
            String from = owner.getOrDefault(e.from(), e.from());
            String to = owner.getOrDefault(e.to(), e.to());
            if (!from.equals(to)) {
                edges.add(new Diagram.Edge(from, to, e.label()));
            }
        }
        return new Diagram(flat.model(), boxes, List.copyOf(edges), List.of(), marks);
    }

    /** {@code ConvBlock_1}, {@code ConvBlock_2}, … in call order. */
    private static String groupId(BlockUse call, Map<String, Integer> counts) {
        return call.block() + "_" + counts.merge(call.block(), 1, Integer::sum);
    }

    private static String callText(BlockUse call) {
        String text = call.call().text().strip().replaceAll("\\s+", " ");
        return text.length() > 48 ? text.substring(0, 47) + "…" : text;
    }
}
