package dev.nnl.compiler.check;

import dev.nnl.compiler.diag.Code;
import dev.nnl.compiler.diag.Diagnostics;
import dev.nnl.compiler.layers.LayerArgs;
import dev.nnl.compiler.layers.LayerDef;
import dev.nnl.compiler.source.Span;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** The names of one model's inputs and layers: given with {@code name=}, or Keras's defaults; unique per model. */
public final class LayerNames {
    private static final Pattern CAMEL_1 = Pattern.compile("(.)([A-Z][a-z]+)");
    private static final Pattern CAMEL_2 = Pattern.compile("([a-z])([A-Z])");

    private final String model;
    private final Diagnostics diags;
    private final Map<String, Integer> uids = new HashMap<>();
    /** Every name taken, with where it was given (null for a default name). */
    private final Map<String, Span> taken = new HashMap<>();

    LayerNames(String model, Diagnostics diags) {
        this.model = model;
        this.diags = diags;
    }

    /** The call's {@code name=}, or the next default name; null after reporting a duplicate. */
    String of(LayerDef def, LayerArgs args) {
        String explicit = args.getString("name");
        if (explicit == null) {
            return nextDefault(def);
        }
        return claim(explicit, args.span("name")) ? explicit : null;
    }

    /** Takes a name written in the source; false after reporting that it is taken. */
    boolean claim(String name, Span span) {
        Span prev = taken.putIfAbsent(name, span);
        if (prev != null) {
            diags.report(Code.DUPLICATE_LAYER_NAME, span, name, model)
                    .related(prev, "first used here").emit();
            return false;
        }
        return true;
    }

    /** Keras 3: snake_case of the class name, numbered per model from the second one on. */
    String nextDefault(LayerDef def) {
        String base = snakeCase(def.className());
        while (true) {
            int n = uids.merge(base, 1, Integer::sum) - 1;
            String name = n == 0 ? base : base + "_" + n;
            if (!taken.containsKey(name)) {
                taken.put(name, null);
                return name;
            }
        }
    }

    /** keras.src.utils.naming.to_snake_case. */
    public static String snakeCase(String name) {
        String s = CAMEL_1.matcher(name.replaceAll("\\W+", "")).replaceAll("$1_$2");
        return CAMEL_2.matcher(s).replaceAll("$1_$2").toLowerCase(Locale.ROOT);
    }
}
