package dev.nnl.compiler.docs;

import dev.nnl.compiler.layers.Category;
import dev.nnl.compiler.layers.LayerDef;
import dev.nnl.compiler.layers.Param;
import dev.nnl.compiler.layers.Registry;
import java.util.List;

/**
 * Layer reference generated from the registry: {@code nnlc layers}, {@code nnlc explain} and
 * docs/layers.md all come from here, so they cannot drift from what the checker accepts.
 */
public final class LayerDocs {
    private LayerDocs() {
    }

    /** {@code nnlc layers}: one line per layer, grouped by family. */
    public static String list() {
        StringBuilder sb = new StringBuilder();
        int width = Registry.names().stream().mapToInt(String::length).max().orElse(10) + 2;
        for (Category c : Category.values()) {
            List<LayerDef> defs = Registry.all().stream().filter(d -> d.category() == c).toList();
            if (defs.isEmpty()) {
                continue;
            }
            sb.append(c.title()).append(":\n");
            for (LayerDef d : defs) {
                sb.append("  ").append(pad(d.className(), width)).append(d.doc()).append('\n');
            }
            sb.append('\n');
        }
        sb.append("`nnlc explain LAYER` shows a layer's arguments, defaults and shape rule.\n");
        return sb.toString();
    }

    /** {@code nnlc explain LAYER}. */
    public static String explain(LayerDef d) {
        StringBuilder sb = new StringBuilder();
        sb.append(d.className()).append(" — ").append(d.doc()).append("\n\n");
        sb.append("  ").append(signature(d)).append("\n\n");
        sb.append("Shape: ").append(d.shapeRule()).append('\n');
        sb.append("Example: ").append(d.example()).append("\n\n");
        sb.append("Arguments:\n");
        int width = d.params().params().stream().mapToInt(p -> p.name().length()).max().orElse(4) + 2;
        for (Param p : d.params().params()) {
            String dflt = p.required() ? "required" : "default " + p.defaultText();
            sb.append("  ").append(pad(p.name(), width)).append(p.doc()).append(" (").append(dflt).append(")\n");
        }
        sb.append("  ").append(pad("name", width)).append("The layer's name (default: Keras's numbered snake_case name).\n");
        sb.append("  ").append(pad("trainable", width)).append("Whether training updates its weights (default true).\n");
        return sb.toString();
    }

    /** {@code Dense(units, activation=none, use_bias=true, …)}. */
    public static String signature(LayerDef d) {
        StringBuilder sb = new StringBuilder(d.className()).append('(');
        if (d.isMerge()) {
            sb.append("a, b, …");
        }
        int shown = 0;
        for (Param p : d.params().params()) {
            if (shown == 4) {
                sb.append(", …");
                break;
            }
            sb.append(sb.charAt(sb.length() - 1) == '(' ? "" : ", ").append(p.name());
            if (!p.required()) {
                sb.append('=').append(p.defaultText());
            }
            shown++;
        }
        return sb.append(')').toString();
    }

    /** docs/layers.md. */
    public static String markdown() {
        StringBuilder sb = new StringBuilder();
        sb.append("# Layer reference\n\n");
        sb.append("<!-- Generated from the layer registry by LayerDocs; `mvn -pl compiler test -Dnnl.bless=true` regenerates it. -->\n\n");
        sb.append("Layers use Keras 3 class names, argument names, positional order and defaults. ")
                .append("Every layer also takes `name=` and `trainable=`. Shapes are written with the batch axis first (`batch`).\n\n");
        for (Category c : Category.values()) {
            List<LayerDef> defs = Registry.all().stream().filter(d -> d.category() == c).toList();
            if (defs.isEmpty()) {
                continue;
            }
            sb.append("## ").append(c.title()).append("\n\n");
            for (LayerDef d : defs) {
                sb.append("### ").append(d.className()).append("\n\n");
                sb.append(d.doc()).append("\n\n");
                sb.append("- Call: `").append(signature(d)).append("`\n");
                sb.append("- Shape: ").append(d.shapeRule()).append('\n');
                sb.append("- Example: `").append(d.example()).append("`\n\n");
                if (!d.params().params().isEmpty()) {
                    sb.append("| argument | default | meaning |\n| --- | --- | --- |\n");
                    for (Param p : d.params().params()) {
                        sb.append("| `").append(p.name()).append('`')
                                .append(p.keras2Name() == null ? "" : " (Keras 2: `" + p.keras2Name() + "`)")
                                .append(" | ").append(p.required() ? "required" : "`" + p.defaultText() + "`")
                                .append(" | ").append(p.doc().replace("|", "\\|")).append(" |\n");
                    }
                    sb.append('\n');
                }
            }
        }
        return sb.toString();
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s + " " : s + " ".repeat(width - s.length());
    }
}
