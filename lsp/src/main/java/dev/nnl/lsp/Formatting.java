package dev.nnl.lsp;

import dev.nnl.compiler.format.Formatted;
import dev.nnl.compiler.format.Formatter;
import java.util.List;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextEdit;

/**
 * Formatting, by the same formatter as {@code nnlc fmt}: one edit replacing the whole text, or
 * none when the text is already canonical or does not parse (the diagnostics say why).
 */
final class Formatting {
    private Formatting() {
    }

    static List<TextEdit> edits(Analysis a) {
        Formatted f = Formatter.format(a.source());
        if (f.refused() || f.text().equals(a.source().text())) {
            return List.of();
        }
        String text = a.source().text();
        Range whole = new Range(Analysis.position(a.source(), 0), Analysis.position(a.source(), text.length()));
        return List.of(new TextEdit(whole, f.text()));
    }
}
