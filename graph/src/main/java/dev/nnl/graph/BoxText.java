package dev.nnl.graph;

import java.text.NumberFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The lines of text a box shows, the same in SVG and DOT: what, name and class, shape, parameters. */
final class BoxText {
    private BoxText() {
    }

    static List<String> lines(Diagram.Box b) {
        List<String> lines = new ArrayList<>();
        if (b.kind() == Diagram.Kind.INPUT) {
            lines.add(b.output() ? "input, output" : "input");
        } else if (b.output()) {
            lines.add("output");
        }
        lines.add(b.kind() == Diagram.Kind.ERROR ? "error" : b.id() + " (" + b.className() + ")");
        if (!b.shape().isEmpty()) {
            lines.add(b.shape());
        }
        if (b.params() >= 0) {
            lines.add(NumberFormat.getIntegerInstance(Locale.ROOT).format(b.params()) + " params");
        }
        return lines;
    }

    /** The index of the line that names the box (drawn bold). */
    static int titleLine(Diagram.Box b) {
        return b.kind() == Diagram.Kind.INPUT || b.output() ? 1 : 0;
    }
}
