package dev.nnl.compiler.parse;

import dev.nnl.compiler.diag.Code;
import dev.nnl.compiler.diag.Diagnostic;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Per-line lint silencing: {@code // nnl: allow(dropout-after-input)} (names or codes, comma
 * separated) silences those lints on its own line, or on the next line when the comment stands
 * alone. Only lints (NNL5xxx) and warnings can be silenced; errors cannot.
 */
public final class Suppressions {
    static final Pattern ALLOW = Pattern.compile("nnl:\\s*allow\\(([^)]*)\\)");

    private final Map<Integer, Set<Code>> byLine = new HashMap<>();

    void add(int line, String commentText, boolean aloneOnLine) {
        Matcher m = ALLOW.matcher(commentText);
        while (m.find()) {
            for (String item : m.group(1).split(",")) {
                Code c = Code.lookup(item.trim());
                if (c != null) {
                    byLine.computeIfAbsent(aloneOnLine ? line + 1 : line, k -> new HashSet<>()).add(c);
                }
            }
        }
    }

    public boolean silences(Diagnostic d) {
        if (d.isError() || d.span() == null) {
            return false;
        }
        Set<Code> codes = byLine.get(d.span().startPosition().line());
        return codes != null && codes.contains(d.code());
    }
}
