package dev.nnl.graph;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * An SVG read back: its boxes, edges and frames with their text and rectangles. The golden files
 * hold its text form (no coordinates); the geometry checks use the rectangles.
 */
record SvgStructure(List<Item> boxes, List<Item> edges, List<Item> groups, double width, double height) {
    /** One box, edge or frame: its identity, its text lines, and its rectangle (a box's or frame's, or an edge label's). */
    record Item(String id, String classes, List<String> text, Layout.Rect rect) {
    }

    static SvgStructure parse(String svg) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        Element root = doc.getDocumentElement();
        List<Item> boxes = new ArrayList<>();
        List<Item> edges = new ArrayList<>();
        List<Item> groups = new ArrayList<>();
        NodeList gs = root.getElementsByTagName("g");
        for (int i = 0; i < gs.getLength(); i++) {
            Element g = (Element) gs.item(i);
            String cls = g.getAttribute("class");
            List<String> text = texts(g);
            if (cls.startsWith("box")) {
                boxes.add(new Item(g.getAttribute("data-layer"), cls, text, rect(g)));
            } else if (cls.equals("edge")) {
                Layout.Rect label = null;
                if (!text.isEmpty()) {
                    Element t = (Element) g.getElementsByTagName("text").item(0);
                    double x = Double.parseDouble(t.getAttribute("x"));
                    double y = Double.parseDouble(t.getAttribute("y"));
                    label = new Layout.Rect(x, y - TextMetrics.LINE + 4, TextMetrics.width(text.get(0), false), TextMetrics.LINE);
                }
                edges.add(new Item(g.getAttribute("data-from") + " -> " + g.getAttribute("data-to"), cls, text, label));
            } else if (cls.equals("group")) {
                groups.add(new Item(g.getAttribute("data-group"), cls, List.of(title(g)), rect(g)));
            }
        }
        return new SvgStructure(boxes, edges, groups, Double.parseDouble(root.getAttribute("width")),
                Double.parseDouble(root.getAttribute("height")));
    }

    /** The golden form: one line per box, edge and frame, in document order. */
    String text() {
        StringBuilder s = new StringBuilder();
        for (Item b : boxes) {
            s.append("box ").append(b.id()).append(" [").append(b.classes()).append("] ").append(String.join(" | ", b.text())).append('\n');
        }
        for (Item e : edges) {
            s.append("edge ").append(e.id()).append(e.text().isEmpty() ? "" : " : " + e.text().get(0)).append('\n');
        }
        for (Item g : groups) {
            s.append("group ").append(g.id()).append(" ").append(g.text().get(0)).append('\n');
        }
        return s.toString();
    }

    private static List<String> texts(Element g) {
        List<String> out = new ArrayList<>();
        NodeList ts = g.getElementsByTagName("text");
        for (int i = 0; i < ts.getLength(); i++) {
            out.add(ts.item(i).getTextContent());
        }
        return out;
    }

    private static String title(Element g) {
        return g.getElementsByTagName("title").item(0).getTextContent();
    }

    private static Layout.Rect rect(Element g) {
        Element r = (Element) g.getElementsByTagName("rect").item(0);
        return new Layout.Rect(Double.parseDouble(r.getAttribute("x")), Double.parseDouble(r.getAttribute("y")),
                Double.parseDouble(r.getAttribute("width")), Double.parseDouble(r.getAttribute("height")));
    }
}
