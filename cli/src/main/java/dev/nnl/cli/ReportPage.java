package dev.nnl.cli;

import com.google.gson.Gson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The training report: one self-contained HTML page (styles and scripts inlined, nothing loaded
 * from the network) with the model's picture, the loss and metric curves per epoch drawn by the
 * vendored uPlot (resources dev/nnl/cli/report, MIT licence), the epochs with their timings, the
 * callbacks' messages, for a classifier the confusion matrix with per-class precision and recall
 * ({@link ConfusionTable}), the run's settings and the summary table.
 */
final class ReportPage {
    static final String UPLOT_VERSION = "1.6.32";
    private static final String STYLE = """
            body{font-family:'DejaVu Sans',Verdana,Arial,sans-serif;margin:24px;color:#212121;max-width:1200px}
            h1{font-size:22px} h2{font-size:17px;margin-top:28px;border-bottom:1px solid #ddd}
            table{border-collapse:collapse;font-size:13px} td,th{border:1px solid #ddd;padding:3px 8px;text-align:right}
            th{background:#f5f5f5} pre{background:#fafafa;border:1px solid #eee;padding:8px;font-size:12px;overflow:auto}
            .status{color:#455a64} .confusion td{min-width:2.5em} .charts{display:flex;flex-wrap:wrap;gap:16px} .diagram{overflow:auto;max-height:900px;border:1px solid #eee}
            """;

    private ReportPage() {
    }

    /**
     * What the page shows.
     *
     * @param epochSeconds per epoch of {@code history}, null where unknown (epochs of an earlier run)
     * @param test scores on the test data, or null
     * @param confusion the confusion matrix on the evaluation data or why it is absent; null while training runs
     */
    record Run(String model, String status, String diagramSvg, String summary, String settings, String seed,
               List<Map<String, Double>> history, List<Double> epochSeconds, List<String> events, Map<String, Double> test,
               Report.Confusion confusion) {
    }

    static String html(Run r) {
        StringBuilder s = new StringBuilder(200_000);
        s.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>")
                .append(esc(r.model())).append(" — nnl training report</title>\n<style>")
                .append(resource("uPlot.min.css")).append('\n').append(STYLE).append("</style>\n</head><body>\n");
        s.append("<h1>").append(esc(r.model())).append("</h1>\n<p class=\"status\" id=\"status\">").append(esc(r.status()))
                .append(" · seed ").append(r.seed()).append("</p>\n");
        s.append("<h2>Loss and metrics per epoch</h2>\n<div class=\"charts\" id=\"charts\"></div>\n");
        s.append("<p class=\"status\">Drag across a chart to zoom in, double-click to zoom out; hover for values.</p>\n");
        epochs(s, r);
        if (r.test() != null) {
            s.append("<h2>Test</h2>\n<table id=\"test\"><tr>");
            r.test().keySet().forEach(k -> s.append("<th>").append(esc(k)).append("</th>"));
            s.append("</tr><tr>");
            r.test().values().forEach(v -> s.append("<td>").append(num(v)).append("</td>"));
            s.append("</tr></table>\n");
        }
        if (r.confusion() != null) {
            ConfusionTable.append(s, r.confusion());
        }
        s.append("<h2>Callback events</h2>\n<ul id=\"events\">");
        r.events().forEach(e -> s.append("<li>").append(esc(e)).append("</li>"));
        if (r.events().isEmpty()) {
            s.append("<li>none</li>");
        }
        s.append("</ul>\n<h2>Model</h2>\n<div class=\"diagram\">").append(r.diagramSvg().replaceFirst("^<\\?xml[^>]*>\\s*", ""))
                .append("</div>\n<h2>Summary</h2>\n<pre>").append(esc(r.summary())).append("</pre>\n");
        s.append("<h2>Settings</h2>\n<pre>").append(esc(r.settings())).append("</pre>\n");
        s.append("<p class=\"status\">Charts by uPlot ").append(UPLOT_VERSION).append(" (MIT licence, © Leon Sorokin).</p>\n");
        s.append("<script>").append(resource("uPlot.iife.min.js").replace("</script", "<\\/script")).append("</script>\n");
        s.append("<script>\nconst HISTORY = ").append(json(r.history()).replace("</", "<\\/")).append(";\n").append(CHARTS).append("</script>\n");
        return s.append("</body></html>\n").toString();
    }

    /** One chart per metric, training and validation as two series, epochs from 1. */
    private static final String CHARTS = """
            (function () {
              const names = [];
              for (const e of HISTORY) for (const k of Object.keys(e)) {
                const n = k.startsWith('val_') ? k.slice(4) : k;
                if (n !== 'learning_rate' && !names.includes(n)) names.push(n);
              }
              const x = HISTORY.map((_, i) => i + 1);
              for (const n of names) {
                const div = document.createElement('div');
                div.className = 'chart';
                div.dataset.metric = n;
                document.getElementById('charts').appendChild(div);
                const series = [{label: 'epoch'}, {label: n, stroke: '#1565c0', width: 2, points: {show: true}}];
                const data = [x, HISTORY.map(e => e[n] ?? null)];
                if (HISTORY.some(e => e['val_' + n] != null)) {
                  series.push({label: 'val_' + n, stroke: '#ef6c00', width: 2, points: {show: true}});
                  data.push(HISTORY.map(e => e['val_' + n] ?? null));
                }
                new uPlot({title: n, width: 520, height: 300, series, scales: {x: {time: false}},
                           axes: [{label: 'epoch'}, {}]}, data, div);
              }
            })();
            """;

    private static void epochs(StringBuilder s, Run r) {
        Set<String> keys = new LinkedHashSet<>();
        r.history().forEach(e -> keys.addAll(e.keySet()));
        s.append("<h2>Epochs</h2>\n<table id=\"epochs\"><tr><th>epoch</th>");
        keys.forEach(k -> s.append("<th>").append(esc(k)).append("</th>"));
        s.append("<th>seconds</th></tr>\n");
        for (int i = 0; i < r.history().size(); i++) {
            s.append("<tr><td>").append(i + 1).append("</td>");
            for (String k : keys) {
                Double v = r.history().get(i).get(k);
                s.append("<td>").append(v == null ? "" : num(v)).append("</td>");
            }
            Double secs = i < r.epochSeconds().size() ? r.epochSeconds().get(i) : null;
            s.append("<td>").append(secs == null ? "" : String.format(java.util.Locale.ROOT, "%.2f", secs)).append("</td></tr>\n");
        }
        s.append("</table>\n");
    }

    private static String json(List<Map<String, Double>> history) {
        List<Map<String, Double>> finite = new ArrayList<>();
        for (Map<String, Double> e : history) {
            Map<String, Double> m = new LinkedHashMap<>();
            e.forEach((k, v) -> m.put(k, v != null && Double.isFinite(v) ? v : null));
            finite.add(m);
        }
        return new Gson().toJson(finite);
    }

    static String num(double v) {
        return Double.isFinite(v) ? String.format(java.util.Locale.ROOT, "%.4f", v) : Double.toString(v);
    }

    static String esc(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static String resource(String name) {
        try (InputStream in = ReportPage.class.getResourceAsStream("report/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource report/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
