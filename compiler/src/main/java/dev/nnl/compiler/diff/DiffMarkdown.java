package dev.nnl.compiler.diff;

import dev.nnl.compiler.diag.Diagnostic;
import dev.nnl.compiler.diag.render.GccRenderer;
import dev.nnl.compiler.diff.ModelDiff.Change;
import dev.nnl.compiler.diff.ModelDiff.KeyChange;
import dev.nnl.compiler.diff.ModelDiff.LayerChange;
import java.util.List;

/**
 * {@code nnlc diff --format markdown}: a compact report for a pull-request comment. One table per
 * changed model with its changed layers, runs of unchanged layers folded into one row; then the
 * graph, the totals, the train block and the diagnostics. The phrases are {@link DiffText}'s.
 */
public final class DiffMarkdown {
    private DiffMarkdown() {
    }

    public static String render(FileDiff d) {
        StringBuilder sb = new StringBuilder();
        sb.append("### Model diff: ").append(code(d.oldName())).append(DiffText.ARROW).append(code(d.newName())).append("\n\n");
        if (!d.changed()) {
            return sb.append(capitalized(d.noChangeSentence())).append(".\n").toString();
        }
        sb.append(DiffText.countsLine(d)).append(".\n");
        for (ModelDiff m : d.models()) {
            sb.append("\n#### ").append(cell(DiffText.modelHeading(m))).append("\n");
            if (!m.changed()) {
                continue;
            }
            table(sb, m.layers());
            List<String> graph = DiffText.graphLines(m);
            if (!graph.isEmpty()) {
                sb.append("\n**Graph**\n\n");
                graph.forEach(g -> sb.append("- ").append(cell(g)).append('\n'));
            }
            if (m.params().changed()) {
                sb.append("\n**Parameters:** ").append(DiffText.paramsLine(m.params())).append('\n');
            }
            if (m.train().change() != Change.UNCHANGED) {
                sb.append("\n**Train:** ").append(DiffText.trainHeading(m)).append('\n');
                if (!m.train().keys().isEmpty()) {
                    sb.append("\n| key | before | after |\n| --- | --- | --- |\n");
                    for (KeyChange k : m.train().keys()) {
                        sb.append("| ").append(k.key()).append(" | ").append(k.before() == null ? "(unset)" : code(k.before()))
                                .append(" | ").append(k.after() == null ? "(unset)" : code(k.after())).append(" |\n");
                    }
                }
            }
        }
        if (!d.newDiagnostics().isEmpty() || !d.resolvedDiagnostics().isEmpty()) {
            sb.append("\n#### Diagnostics\n\n");
            diagnostics(sb, "new", d.newDiagnostics());
            diagnostics(sb, "resolved", d.resolvedDiagnostics());
        }
        return sb.toString();
    }

    private static void table(StringBuilder sb, List<LayerChange> layers) {
        if (layers.stream().allMatch(l -> l.change() == Change.UNCHANGED)) {
            return;
        }
        sb.append("\n| | layer | change | output shape | params |\n| --- | --- | --- | --- | ---: |\n");
        int folded = 0;
        for (LayerChange l : layers) {
            if (l.change() == Change.UNCHANGED) {
                folded++;
                continue;
            }
            fold(sb, folded);
            folded = 0;
            String shape = l.before() == null ? l.after().shapeText() : l.after() == null ? l.before().shapeText()
                    : l.shapeChanged() ? l.before().shapeText() + DiffText.ARROW + l.after().shapeText() : l.after().shapeText();
            String params = l.before() == null ? DiffText.grouped(l.after().params()) : l.after() == null
                    ? DiffText.grouped(l.before().params()) : l.before().params() != l.after().params()
                    ? DiffText.grouped(l.before().params()) + DiffText.ARROW + DiffText.grouped(l.after().params())
                    : DiffText.grouped(l.after().params());
            sb.append("| ").append(switch (l.change()) {
                case ADDED -> "added";
                case REMOVED -> "removed";
                case AFFECTED -> "affected";
                default -> "changed";
            }).append(" | ").append(cell(DiffText.title(l))).append(" | ").append(l.change() == Change.AFFECTED ? DiffText.what(l) : code(DiffText.what(l)))
                    .append(" | ").append(shape).append(" | ").append(params).append(" |\n");
        }
        fold(sb, folded);
    }

    private static void fold(StringBuilder sb, int folded) {
        if (folded > 0) {
            sb.append("| | *").append(folded).append(folded == 1 ? " unchanged layer" : " unchanged layers").append("* | | | |\n");
        }
    }

    private static void diagnostics(StringBuilder sb, String what, List<Diagnostic> ds) {
        GccRenderer gcc = new GccRenderer();
        for (Diagnostic x : ds) {
            sb.append("- ").append(what).append(": ").append(code(gcc.render(x).strip())).append('\n');
        }
    }

    /** Inline code that survives any backticks and pipes inside (a table cell ends at an unescaped pipe). */
    private static String code(String s) {
        String fence = s.contains("`") ? "`` " : "`";
        String close = s.contains("`") ? " ``" : "`";
        return fence + s.replace("|", "\\|") + close;
    }

    /** Plain text in a table cell or heading: pipes escaped, markdown's own characters left as they are. */
    private static String cell(String s) {
        return s.replace("|", "\\|");
    }

    private static String capitalized(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
