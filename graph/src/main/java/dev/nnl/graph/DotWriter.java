package dev.nnl.graph;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes a diagram as Graphviz DOT for people who lay it out with {@code dot}: the same boxes,
 * text and colours as the SVG, block frames as clusters. It holds no coordinates, so it is stable.
 */
public final class DotWriter {
    private DotWriter() {
    }

    public static String write(Diagram d, DiagramOptions options) {
        StringBuilder s = new StringBuilder();
        s.append("digraph ").append(quote(d.model())).append(" {\n");
        s.append("  rankdir=").append(options.leftToRight() ? "LR" : "TB").append(";\n");
        s.append("  node [shape=box, style=\"rounded,filled\", fillcolor=\"#fafafa\", fontname=\"DejaVu Sans\", fontsize=12];\n");
        s.append("  edge [fontname=\"DejaVu Sans\", fontsize=10, color=\"#546e7a\"];\n");
        Set<String> inGroup = new HashSet<>();
        for (Diagram.Group g : d.groups()) {
            s.append("  subgraph ").append(quote("cluster_" + g.id())).append(" {\n");
            s.append("    label=").append(quote(g.label())).append("; style=\"dashed,filled\"; color=\"#f9a825\"; fillcolor=\"#fffde7\";\n");
            for (Diagram.Box b : d.boxes()) {
                if (g.members().contains(b.id())) {
                    s.append("  ").append(node(b, d.marks()));
                    inGroup.add(b.id());
                }
            }
            s.append("  }\n");
        }
        for (Diagram.Box b : d.boxes()) {
            if (!inGroup.contains(b.id())) {
                s.append(node(b, d.marks()));
            }
        }
        for (Diagram.Edge e : d.edges()) {
            s.append("  ").append(quote(e.from())).append(" -> ").append(quote(e.to()));
            if (!e.label().isEmpty()) {
                s.append(" [label=").append(quote(e.label())).append(']');
            }
            s.append(";\n");
        }
        return s.append("}\n").toString();
    }

    private static String node(Diagram.Box b, java.util.Map<String, Diagram.Mark> marks) {
        List<String> lines = BoxText.lines(b);
        StringBuilder s = new StringBuilder("  ").append(quote(b.id())).append(" [label=").append(quote(String.join("\n", lines)));
        switch (b.kind()) {
            case INPUT -> s.append(", fillcolor=\"#e3f2fd\"");
            case BLOCK -> s.append(", fillcolor=\"#fff8e1\"");
            case ERROR -> s.append(", fillcolor=\"#ffcdd2\", color=\"#c62828\", penwidth=2.5, tooltip=").append(quote(b.tooltip()));
            default -> { }
        }
        Diagram.Mark mark = marks.get(b.id());
        if (mark != null) {
            s.append(switch (mark) {
                case ADDED -> ", fillcolor=\"#c8e6c9\", color=\"#2e7d32\", penwidth=2";
                case REMOVED -> ", fillcolor=\"#ffcdd2\", color=\"#c62828\", penwidth=2, style=\"rounded,filled,dashed\"";
                case CHANGED -> ", fillcolor=\"#ffe0b2\", color=\"#ef6c00\", penwidth=2";
            }).append(", tooltip=").append(quote(b.tooltip()));
        }
        if (b.output()) {
            s.append(", color=\"#2e7d32\", penwidth=2.5");
        }
        return s.append("];\n").toString();
    }

    /** A DOT ID in double quotes; a newline becomes DOT's centred line break. */
    private static String quote(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + '"';
    }
}
