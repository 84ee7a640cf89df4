package dev.nnl.graph;

import java.util.List;
import java.util.Locale;

/**
 * Writes a placed diagram as a standalone SVG document. Every box is a {@code <g class="box">}
 * with {@code data-layer} naming it, every edge a {@code <g class="edge">} with {@code data-from}
 * and {@code data-to}, so tests and scripts can read the picture's structure back.
 */
public final class SvgWriter {
    private static final String STYLE = """
            .box rect{stroke:#37474f;stroke-width:1}
            .box.input rect{fill:#e3f2fd} .box.layer rect{fill:#fafafa} .box.block rect{fill:#fff8e1}
            .box.output rect{stroke-width:2.5;stroke:#2e7d32} .box.error rect{fill:#ffcdd2;stroke:#c62828;stroke-width:2.5}
            .box.added rect{fill:#c8e6c9;stroke:#2e7d32;stroke-width:2} .box.removed rect{fill:#ffcdd2;stroke:#c62828;stroke-width:2;stroke-dasharray:5 3}
            .box.changed rect{fill:#ffe0b2;stroke:#ef6c00;stroke-width:2}
            .group rect{fill:#fffde7;stroke:#f9a825;stroke-dasharray:5 3}
            .edge path{fill:none;stroke:#546e7a;stroke-width:1.2} .edge text{fill:#455a64}
            text{font-family:%s;font-size:%spx;fill:#212121} .title{font-weight:bold} .tag{fill:#2e7d32;font-style:italic}
            """;

    private SvgWriter() {
    }

    public static String write(Diagram diagram, DiagramOptions options) {
        return write(Layout.place(diagram, options.leftToRight()));
    }

    static String write(Layout.Placed p) {
        StringBuilder s = new StringBuilder(4096);
        s.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%s\" height=\"%s\" viewBox=\"0 0 %s %s\" data-model=\"%s\">%n",
                n(p.width()), n(p.height()), n(p.width()), n(p.height()), Xml.escape(p.diagram().model())));
        s.append("<title>").append(Xml.escape(p.diagram().model())).append("</title>\n");
        s.append("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\">"
                + "<path d=\"M0,0 L10,5 L0,10 z\" fill=\"#546e7a\"/></marker></defs>\n");
        s.append("<style>").append(String.format(Locale.ROOT, STYLE, TextMetrics.CSS_FAMILY, n(TextMetrics.SIZE))).append("</style>\n");
        for (Diagram.Group g : p.diagram().groups()) {
            Layout.Rect r = p.groups().get(g.id());
            s.append("<g class=\"group\" data-group=\"").append(Xml.escape(g.id())).append("\"><title>")
                    .append(Xml.escape(g.label() + ": " + String.join(", ", g.members()))).append("</title>");
            rect(s, r, 6);
            text(s, r.x() + 10, r.y() + 18, g.label(), "title");
            s.append("</g>\n");
        }
        for (Layout.Route route : p.routes()) {
            edge(s, route);
        }
        for (Diagram.Box b : p.diagram().boxes()) {
            box(s, b, p.boxes().get(b.id()), p.diagram().marks().get(b.id()));
        }
        return s.append("</svg>\n").toString();
    }

    private static void box(StringBuilder s, Diagram.Box b, Layout.Rect r, Diagram.Mark mark) {
        String kind = b.kind().name().toLowerCase(Locale.ROOT);
        s.append("<g class=\"box ").append(kind).append(b.output() ? " output" : "")
                .append(mark == null ? "" : " " + mark.name().toLowerCase(Locale.ROOT)).append("\" data-layer=\"")
                .append(Xml.escape(b.id())).append("\">");
        s.append("<title>").append(Xml.escape(b.tooltip().isEmpty() ? String.join("\n", BoxText.lines(b)) : b.tooltip())).append("</title>");
        rect(s, r, 4);
        List<String> lines = BoxText.lines(b);
        int title = BoxText.titleLine(b);
        for (int i = 0; i < lines.size(); i++) {
            String cls = i == title ? "title" : i < title ? "tag" : "";
            text(s, r.x() + Layout.PAD_X, r.y() + Layout.PAD_Y + (i + 1) * TextMetrics.LINE - 4, lines.get(i), cls);
        }
        s.append("</g>\n");
    }

    private static void edge(StringBuilder s, Layout.Route route) {
        s.append("<g class=\"edge\" data-from=\"").append(Xml.escape(route.edge().from())).append("\" data-to=\"")
                .append(Xml.escape(route.edge().to())).append("\"><path marker-end=\"url(#arrow)\" d=\"");
        for (int i = 0; i < route.points().size(); i++) {
            double[] pt = route.points().get(i);
            s.append(i == 0 ? "M" : " L").append(n(pt[0])).append(',').append(n(pt[1]));
        }
        s.append("\"/>");
        if (route.label() != null) {
            Layout.Rect l = route.label();
            text(s, l.x() + 2, l.y() + TextMetrics.LINE - 4, route.edge().label(), "label");
        }
        s.append("</g>\n");
    }

    private static void rect(StringBuilder s, Layout.Rect r, int radius) {
        s.append(String.format(Locale.ROOT, "<rect x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\" rx=\"%d\"/>",
                n(r.x()), n(r.y()), n(r.w()), n(r.h()), radius));
    }

    private static void text(StringBuilder s, double x, double y, String text, String cls) {
        s.append("<text x=\"").append(n(x)).append("\" y=\"").append(n(y)).append('"');
        if (!cls.isEmpty()) {
            s.append(" class=\"").append(cls).append('"');
        }
        s.append('>').append(Xml.escape(text)).append("</text>");
    }

    /** A coordinate with at most one decimal, so pictures diff quietly. */
    private static String n(double v) {
        double r = Math.round(v * 10) / 10.0;
        return r == Math.rint(r) ? Long.toString((long) r) : Double.toString(r);
    }
}
