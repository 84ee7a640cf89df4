package dev.nnl.compiler.diff;

import dev.nnl.compiler.diag.Diagnostic;
import dev.nnl.compiler.diag.render.GccRenderer;
import dev.nnl.compiler.diff.ModelDiff.ArgChange;
import dev.nnl.compiler.diff.ModelDiff.BlockChange;
import dev.nnl.compiler.diff.ModelDiff.Change;
import dev.nnl.compiler.diff.ModelDiff.Count;
import dev.nnl.compiler.diff.ModelDiff.InputChange;
import dev.nnl.compiler.diff.ModelDiff.KeyChange;
import dev.nnl.compiler.diff.ModelDiff.LayerChange;
import dev.nnl.compiler.diff.ModelDiff.MergeChange;
import dev.nnl.compiler.diff.ModelDiff.Params;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code nnlc diff}'s text form, for a terminal, and the phrases the markdown form shares with it:
 * a changed call reads {@code Dense(64 → 128, activation relu → gelu)}, its effect
 * {@code output (None, 64) → (None, 128), params 4,160 → 8,320}.
 */
public final class DiffText {
    static final String ARROW = " → ";

    private DiffText() {
    }

    public static String render(FileDiff d) {
        StringBuilder sb = new StringBuilder();
        sb.append("--- ").append(d.oldName()).append('\n').append("+++ ").append(d.newName()).append('\n');
        if (!d.changed()) {
            return sb.append(d.noChangeSentence()).append('\n').toString();
        }
        for (ModelDiff m : d.models()) {
            sb.append(modelHeading(m)).append('\n');
            if (!m.changed()) {
                continue;
            }
            List<LayerChange> shown = m.layers().stream().filter(l -> l.change() != Change.UNCHANGED).toList();
            if (!shown.isEmpty()) {
                sb.append("  layers:\n");
                for (LayerChange l : shown) {
                    sb.append("    ").append(mark(l.change())).append(' ').append(layerLine(l)).append('\n');
                }
            }
            List<String> graph = graphLines(m);
            if (!graph.isEmpty()) {
                sb.append("  graph:\n");
                graph.forEach(g -> sb.append("    ").append(g).append('\n'));
            }
            if (m.params().changed()) {
                sb.append("  params: ").append(paramsLine(m.params())).append('\n');
            }
            if (m.train().change() != Change.UNCHANGED) {
                sb.append("  train: ").append(trainHeading(m)).append('\n');
                for (KeyChange k : m.train().keys()) {
                    sb.append("    ").append(keyLine(k)).append('\n');
                }
            }
        }
        if (!d.newDiagnostics().isEmpty() || !d.resolvedDiagnostics().isEmpty()) {
            sb.append("diagnostics:\n");
            GccRenderer gcc = new GccRenderer();
            d.newDiagnostics().forEach(x -> sb.append("  new: ").append(gcc.render(x)));
            d.resolvedDiagnostics().forEach(x -> sb.append("  resolved: ").append(gcc.render(x)));
        }
        return sb.append(countsLine(d)).append('\n').toString();
    }

    static String modelHeading(ModelDiff m) {
        String name = m.oldName() != null && !m.oldName().equals(m.name()) ? m.oldName() + ARROW + m.name() : m.name();
        StringBuilder sb = new StringBuilder("model ").append(name).append(": ").append(m.status().word());
        List<String> partial = new ArrayList<>();
        if (m.status() != Change.ADDED && !m.oldComplete()) {
            partial.add("the old version");
        }
        if (m.status() != Change.REMOVED && !m.newComplete()) {
            partial.add("the new version");
        }
        if (!partial.isEmpty()) {
            sb.append(" (").append(String.join(" and ", partial)).append(partial.size() == 1 ? " has" : " have")
                    .append(" errors: compared as far as it checks)");
        }
        return sb.toString();
    }

    static String mark(Change c) {
        return switch (c) {
            case ADDED -> "+";
            case REMOVED -> "-";
            case CHANGED, AFFECTED -> "~";
            case UNCHANGED -> " ";
        };
    }

    /** {@code dense (Dense): Dense(64 → 128); output (None, 64) → (None, 128), params 8,320 → 16,640}. */
    public static String layerLine(LayerChange l) {
        StringBuilder sb = new StringBuilder(title(l)).append(": ").append(what(l));
        String effect = effect(l);
        return effect.isEmpty() ? sb.toString() : sb.append("; ").append(effect).toString();
    }

    /** The layer's name (old → new when renamed) and class. */
    public static String title(LayerChange l) {
        String name = l.renamed() ? l.before().name() + ARROW + l.after().name() : l.name();
        return name + " (" + l.className() + ")";
    }

    /** What changed in the call: the whole call for an added or removed layer, else the changed arguments. */
    public static String what(LayerChange l) {
        return switch (l.change()) {
            case ADDED -> l.after().call();
            case REMOVED -> l.before().call();
            case AFFECTED -> "same call, its input changed";
            default -> {
                List<String> parts = new ArrayList<>();
                if (!l.arguments().isEmpty()) {
                    List<String> args = new ArrayList<>();
                    for (ArgChange a : l.arguments()) {
                        args.add((a.positional() ? "" : a.name() + " ") + a.before() + ARROW + a.after());
                    }
                    parts.add(l.className() + "(" + String.join(", ", args) + ")");
                }
                if (l.renamed()) {
                    parts.add("renamed");
                }
                if (l.inboundChanged()) {
                    parts.add("reads " + String.join(", ", l.before().inbound()) + ARROW + String.join(", ", l.after().inbound()));
                }
                yield String.join(", ", parts);
            }
        };
    }

    /** The output shape and parameters: before → after where they moved, as they are for an added or removed layer. */
    public static String effect(LayerChange l) {
        if (l.before() == null || l.after() == null) {
            ModelDiff.Layer s = l.before() == null ? l.after() : l.before();
            return "output " + s.shapeText() + ", " + grouped(s.params()) + " params";
        }
        List<String> parts = new ArrayList<>();
        if (l.shapeChanged()) {
            parts.add("output " + l.before().shapeText() + ARROW + l.after().shapeText());
        }
        if (l.before().params() != l.after().params()) {
            parts.add("params " + grouped(l.before().params()) + ARROW + grouped(l.after().params()));
        } else if (l.before().trainableParams() != l.after().trainableParams()) {
            parts.add("trainable params " + grouped(l.before().trainableParams()) + ARROW + grouped(l.after().trainableParams()));
        }
        return String.join(", ", parts);
    }

    /** Inputs, outputs, merges and block expansions that changed, one line each. */
    static List<String> graphLines(ModelDiff m) {
        List<String> out = new ArrayList<>();
        for (InputChange i : m.inputs()) {
            out.add("input " + i.name() + ": " + (i.before() == null ? "added, " + i.after()
                    : i.after() == null ? "removed, was " + i.before() : i.before() + ARROW + i.after()));
        }
        if (m.outputs() != null) {
            out.add("outputs: " + String.join(", ", m.outputs().before()) + ARROW + String.join(", ", m.outputs().after()));
        }
        for (MergeChange g : m.merges()) {
            out.add("merge " + g.name() + " (" + g.className() + ") " + g.change().word() + ": reads "
                    + switch (g.change()) {
                        case ADDED -> String.join(", ", g.after());
                        case REMOVED -> String.join(", ", g.before());
                        default -> String.join(", ", g.before()) + ARROW + String.join(", ", g.after());
                    });
        }
        for (BlockChange b : m.blocks()) {
            out.add("block " + b.call() + " (line " + b.line() + ") " + b.change().word() + ": "
                    + b.layers().size() + (b.layers().size() == 1 ? " layer: " : " layers: ") + String.join(", ", b.layers()));
        }
        return out;
    }

    static String paramsLine(Params p) {
        return "total " + count(p.total()) + ", trainable " + count(p.trainable()) + ", non-trainable " + count(p.nonTrainable());
    }

    static String count(Count c) {
        String r = c.ratioText();
        return grouped(c.before()) + ARROW + grouped(c.after()) + (c.changed() && !r.isEmpty() ? " (" + r + ")" : "");
    }

    static String trainHeading(ModelDiff m) {
        return m.train().change() == Change.CHANGED
                ? m.train().keys().size() + (m.train().keys().size() == 1 ? " key changed" : " keys changed")
                : "block " + m.train().change().word();
    }

    static String keyLine(KeyChange k) {
        return k.key() + ": " + (k.before() == null ? "(unset)" : k.before()) + ARROW + (k.after() == null ? "(unset)" : k.after());
    }

    /** {@code 2 layers added, 1 removed, 3 changed; 1 new diagnostic, 0 resolved}. */
    static String countsLine(FileDiff d) {
        long added = 0;
        long removed = 0;
        long changed = 0;
        for (ModelDiff m : d.models()) {
            for (LayerChange l : m.layers()) {
                switch (l.change()) {
                    case ADDED -> added++;
                    case REMOVED -> removed++;
                    case CHANGED, AFFECTED -> changed++;
                    default -> {
                    }
                }
            }
        }
        return String.format(Locale.ROOT, "%d %s added, %d removed, %d changed; %d new %s, %d resolved",
                added, added == 1 ? "layer" : "layers", removed, changed, d.newDiagnostics().size(),
                d.newDiagnostics().size() == 1 ? "diagnostic" : "diagnostics", d.resolvedDiagnostics().size());
    }

    static String grouped(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
