package dev.nnl.graph;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

/** The readability rules every picture keeps: nothing overlaps, text fits, all inside the canvas. */
final class Geometry {
    private Geometry() {
    }

    static void assertReadable(SvgStructure s) {
        List<SvgStructure.Item> boxes = s.boxes();
        for (int i = 0; i < boxes.size(); i++) {
            Layout.Rect a = boxes.get(i).rect();
            assertTrue(a.x() >= 0 && a.y() >= 0 && a.x() + a.w() <= s.width() + 0.1 && a.y() + a.h() <= s.height() + 0.1,
                    boxes.get(i).id() + " outside the picture");
            for (String line : boxes.get(i).text()) {
                assertTrue(TextMetrics.width(line, true) / 1.12 + 2 * Layout.PAD_X <= a.w() + 0.5,
                        "text '" + line + "' wider than its box " + boxes.get(i).id());
            }
            for (int j = i + 1; j < boxes.size(); j++) {
                assertFalse(a.overlaps(boxes.get(j).rect()), boxes.get(i).id() + " overlaps " + boxes.get(j).id());
            }
            for (SvgStructure.Item e : s.edges()) {
                if (e.rect() != null) {
                    assertFalse(a.overlaps(e.rect()), "label of " + e.id() + " covers " + boxes.get(i).id());
                }
            }
        }
        for (SvgStructure.Item g : s.groups()) {
            for (SvgStructure.Item b : boxes) {
                if (g.text().get(0).contains(": ") && List.of(g.text().get(0).split(": ", 2)[1].split(", ")).contains(b.id())) {
                    Layout.Rect r = g.rect();
                    Layout.Rect x = b.rect();
                    assertTrue(x.x() >= r.x() && x.y() >= r.y() && x.x() + x.w() <= r.x() + r.w() && x.y() + x.h() <= r.y() + r.h(),
                            b.id() + " outside its frame " + g.id());
                }
            }
        }
    }
}
