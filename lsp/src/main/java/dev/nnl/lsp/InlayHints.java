package dev.nnl.lsp;

import dev.nnl.compiler.source.Span;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.eclipse.lsp4j.InlayHint;
import org.eclipse.lsp4j.InlayHintKind;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.jsonrpc.messages.Either;

/**
 * Each line's output shape, after the last layer call on the line: the shape a reader would
 * otherwise work out by hand. A block's line shows every shape its expansions produce.
 */
final class InlayHints {
    private InlayHints() {
    }

    static List<InlayHint> of(Analysis a, Range range) {
        // Per line: the call that ends last on it, and the distinct shapes it produced.
        Map<Integer, Span> lastCall = new TreeMap<>();
        Map<Integer, Set<String>> shapes = new TreeMap<>();
        for (Hovers.Result r : Hovers.results(a)) {
            Span s = r.call();
            if (!a.inThisFile(s)) {
                continue;
            }
            int line = s.endPosition().line();
            if (line < range.getStart().getLine() || line > range.getEnd().getLine()) {
                continue;
            }
            Span current = lastCall.get(line);
            if (current == null || s.end() > current.end()) {
                lastCall.put(line, s);
                shapes.put(line, new LinkedHashSet<>());
            }
            if (s.end() == lastCall.get(line).end()) {
                shapes.get(line).add(Hovers.shapes(r.shapes()));
            }
        }
        List<InlayHint> out = new ArrayList<>();
        for (Map.Entry<Integer, Span> e : lastCall.entrySet()) {
            InlayHint hint = new InlayHint(Analysis.position(a.source(), e.getValue().end()),
                    Either.forLeft("→ " + String.join(" | ", shapes.get(e.getKey()))));
            hint.setKind(InlayHintKind.Type);
            hint.setPaddingLeft(true);
            out.add(hint);
        }
        return out;
    }
}
