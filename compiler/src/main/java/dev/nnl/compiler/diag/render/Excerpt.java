package dev.nnl.compiler.diag.render;

import dev.nnl.compiler.source.Position;
import dev.nnl.compiler.source.SourceFile;
import dev.nnl.compiler.source.Span;

/**
 * The part of a file a span is shown on: 0-based first and last line, and the UTF-16 columns
 * where it starts (on the first line) and ends (on the last line).
 */
record Excerpt(SourceFile file, int firstLine, int startChar, int lastLine, int endChar) {
    /** Lines up to this many UTF-16 units are shown whole. */
    static final int MAX_WHOLE_LINE = 160;
    /** How much of a longer line is shown, around the span. */
    static final int WINDOW = 120;
    /** How much of a longer line is shown before the span, when there is that much. */
    static final int CONTEXT_BEFORE = 40;

    static Excerpt of(Span span) {
        SourceFile file = span.file();
        Position start = file.position(span.start());
        Position end = file.position(span.end());
        if (span.start() == span.end() && span.start() >= file.text().length()
                && start.line() > 0 && length(file, start.line()) == 0) {
            // End of a file that ends with a newline: the empty last line would show nothing,
            // so point just after the last character instead, as rustc does.
            int line = start.line() - 1;
            start = new Position(line, length(file, line));
            end = start;
        }
        if (end.line() > start.line() && end.character() == 0) {
            // A span that takes in a line break ends on that line, not at the next one's start.
            int line = end.line() - 1;
            end = new Position(line, length(file, line));
        }
        return new Excerpt(file, start.line(), start.character(), end.line(), end.character());
    }

    /** Where the span starts, for the {@code -->} line. */
    Position start() {
        return new Position(firstLine, startChar);
    }

    /**
     * The columns {@code [from, to)} of a line that are shown, and whether text was cut before or
     * after them. A long line (a 10,000-step {@code ->} chain written on one line) is shown as a
     * window that starts a little before {@code column}, so each diagnostic prints a bounded part
     * of it: printed whole, the output grew with diagnostics × line length.
     */
    static Shown shown(SourceFile file, int line, int column) {
        int length = length(file, line);
        if (length <= MAX_WHOLE_LINE) {
            return new Shown(0, length, length);
        }
        int from = Math.max(0, Math.min(column - CONTEXT_BEFORE, length - WINDOW));
        int to = Math.min(length, from + WINDOW);
        // Never cut an emoji (a surrogate pair) in two.
        String text = file.text();
        int base = file.lineStart(line);
        if (from > 0 && Character.isLowSurrogate(text.charAt(base + from)) && Character.isHighSurrogate(text.charAt(base + from - 1))) {
            from--;
        }
        if (to < length && Character.isLowSurrogate(text.charAt(base + to)) && Character.isHighSurrogate(text.charAt(base + to - 1))) {
            to++;
        }
        return new Shown(from, to, length);
    }

    /** Columns {@code [from, to)} of a line of {@code length} UTF-16 units. */
    record Shown(int from, int to, int length) {
        boolean cutBefore() {
            return from > 0;
        }

        boolean cutAfter() {
            return to < length;
        }
    }

    private static int length(SourceFile file, int line) {
        return file.lineEnd(line) - file.lineStart(line);
    }
}
