package dev.nnl.compiler.diag.render;

import dev.nnl.compiler.source.Position;
import dev.nnl.compiler.source.SourceFile;

/**
 * Positions as terminals and editors print them: 1-based lines and 1-based columns counted in
 * code points, so an emoji before an error moves the column by one, as it does on screen.
 * (JSON keeps the 0-based UTF-16 positions of {@link Position}, as LSP clients expect.)
 */
final class Locations {
    private Locations() {
    }

    /** The 1-based code-point column of a position. */
    static int column(SourceFile file, Position p) {
        int start = file.lineStart(p.line());
        // A position can sit past the visible text (on the LF of a CRLF); it still means "line end".
        int end = Math.min(start + p.character(), file.lineEnd(p.line()));
        return file.codePointCount(start, end) + 1;
    }

    /** {@code name:line:column}, the prefix every compiler-style location uses. */
    static String format(SourceFile file, Position p) {
        return file.name() + ":" + (p.line() + 1) + ":" + column(file, p);
    }
}
