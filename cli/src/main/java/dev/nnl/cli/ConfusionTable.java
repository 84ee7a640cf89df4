package dev.nnl.cli;

import dev.nnl.runtime.ConfusionMatrix;
import java.util.Locale;

/**
 * The report's confusion-matrix section: one row per true class, one column per predicted class,
 * each cell its count on a blue shaded by the share of its row (so a class with few samples reads
 * as clearly as a large one), then precision, recall and support per class.
 */
final class ConfusionTable {
    private ConfusionTable() {
    }

    static void append(StringBuilder s, Report.Confusion c) {
        s.append("<h2>Confusion matrix</h2>\n<p class=\"status\" id=\"confusion-note\">").append(ReportPage.esc(c.note())).append("</p>\n");
        ConfusionMatrix m = c.matrix();
        if (m == null) {
            return;
        }
        int n = m.classes().size();
        s.append("<table class=\"confusion\" id=\"confusion\"><tr><th>true \\ predicted</th>");
        m.classes().forEach(name -> s.append("<th>").append(ReportPage.esc(name)).append("</th>"));
        s.append("</tr>\n");
        for (int t = 0; t < n; t++) {
            long support = m.support(t);
            s.append("<tr><th>").append(ReportPage.esc(m.classes().get(t))).append("</th>");
            for (int p = 0; p < n; p++) {
                long v = m.count(t, p);
                double share = support == 0 ? 0 : (double) v / support;
                // White to #1565c0 by the row's share; white text once the cell is dark enough.
                int r = (int) Math.round(255 + (0x15 - 255) * share);
                int g = (int) Math.round(255 + (0x65 - 255) * share);
                int b = (int) Math.round(255 + (0xc0 - 255) * share);
                s.append(String.format(Locale.ROOT, "<td style=\"background:#%02x%02x%02x;color:%s\" title=\"%s\">%d</td>",
                        r, g, b, share > 0.5 ? "#fff" : "#212121",
                        String.format(Locale.ROOT, "%.1f%% of this row", share * 100), v));
            }
            s.append("</tr>\n");
        }
        s.append("</table>\n<p class=\"status\">Rows are the true classes, columns the predicted ones; cells are shaded by the share of their row. ")
                .append("Accuracy ").append(ReportPage.num(m.accuracy())).append(" on ").append(m.total()).append(" samples.</p>\n");
        s.append("<table id=\"per-class\"><tr><th>class</th><th>precision</th><th>recall</th><th>support</th></tr>\n");
        for (int k = 0; k < n; k++) {
            s.append("<tr><th>").append(ReportPage.esc(m.classes().get(k))).append("</th><td>").append(score(m.precision(k)))
                    .append("</td><td>").append(score(m.recall(k))).append("</td><td>").append(m.support(k)).append("</td></tr>\n");
        }
        s.append("</table>\n");
    }

    private static String score(double v) {
        return Double.isNaN(v) ? "–" : ReportPage.num(v);
    }
}
