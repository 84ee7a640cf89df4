package dev.nnl.runtime.keras;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonPrimitive;
import dev.nnl.compiler.layers.Param;
import dev.nnl.compiler.value.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** Keras config values as nnl source text, and whether a value is nnl's default (then it is not written). */
final class KerasValues {
    static final Pattern IDENT = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    static final Set<String> KEYWORDS = Set.of("model", "block", "input", "output", "train", "let", "import", "true", "false", "none");
    private static final Pattern NUMBER = Pattern.compile("-?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+)?");

    private KerasValues() {
    }

    static boolean sameAsDefault(JsonElement v, Object d) {
        if (v == null || v.isJsonNull()) {
            return d == null || "linear".equals(d);
        }
        if (d == null) {
            return false;
        }
        if (v instanceof JsonArray a) {
            if (d instanceof long[] l) {
                if (l.length != a.size()) {
                    return false;
                }
                for (int i = 0; i < l.length; i++) {
                    if (!isNumber(a.get(i)) || a.get(i).getAsDouble() != l[i]) {
                        return false;
                    }
                }
                return true;
            }
            if (d instanceof Number n) {
                for (JsonElement x : a) {
                    if (!isNumber(x) || (float) x.getAsDouble() != n.floatValue()) {
                        return false;
                    }
                }
                return !a.isEmpty();
            }
            return false;
        }
        if (!(v instanceof JsonPrimitive p)) {
            return false;
        }
        if (p.isBoolean()) {
            return d instanceof Boolean b && b == p.getAsBoolean();
        }
        if (p.isNumber()) {
            if (d instanceof long[] l) {
                for (long x : l) {
                    if (x != p.getAsDouble()) {
                        return false;
                    }
                }
                return true;
            }
            return d instanceof Number n && (float) p.getAsDouble() == n.floatValue();
        }
        String s = p.getAsString();
        return d instanceof String ds ? ds.equals(s) : d instanceof Value.Sym sym && sym.name().equals(s);
    }

    private static boolean isNumber(JsonElement e) {
        return e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber();
    }

    static String render(JsonElement v, Param p, String where, List<String> problems) {
        if (v == null || v.isJsonNull()) {
            return "none";
        }
        if (v instanceof JsonArray a) {
            List<String> items = new ArrayList<>();
            for (JsonElement x : a) {
                String t = render(x, p, where, problems);
                if (t == null) {
                    return null;
                }
                items.add(t);
            }
            boolean repeated = p.type().describe().contains(" or a tuple of ") && items.stream().distinct().count() == 1;
            if (repeated || items.size() == 1) {
                return items.get(0);
            }
            return "(" + String.join(", ", items) + ")";
        }
        if (v instanceof JsonPrimitive prim) {
            if (prim.isBoolean()) {
                return prim.getAsBoolean() ? "true" : "false";
            }
            if (prim.isNumber()) {
                return number(prim, where, p, problems);
            }
            String s = prim.getAsString();
            return IDENT.matcher(s).matches() && !KEYWORDS.contains(s) ? s : quote(s);
        }
        problems.add(where + ": `" + p.name() + "` is " + brief(v) + "; nnl takes " + p.type().describe() + " there");
        return null;
    }

    private static String number(JsonPrimitive prim, String where, Param p, List<String> problems) {
        String s = prim.getAsString();
        double d = prim.getAsDouble();
        if (!Double.isFinite(d) || !NUMBER.matcher(s).matches()) {
            problems.add(where + ": `" + p.name() + "` is " + s + "; expected a finite number");
            return null;
        }
        if (d == Math.rint(d) && Math.abs(d) < 1e15 && !s.contains(".") && !s.contains("e") && !s.contains("E")) {
            return Long.toString((long) d);
        }
        // Keras and TF.js store float32 values widened to double (0.30000001192092896): nnl computes in
        // float32, so the shortest text of the same float32 is the same number, and reads as written.
        String f = Float.toString((float) d).toLowerCase(Locale.ROOT);
        return f.endsWith(".0") ? f.substring(0, f.length() - 2) + ".0" : f;
    }

    private static String brief(JsonElement v) {
        String s = v.toString();
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }

    static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

}
