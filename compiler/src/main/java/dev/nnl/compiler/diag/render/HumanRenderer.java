package dev.nnl.compiler.diag.render;

import dev.nnl.compiler.diag.Diagnostic;
import dev.nnl.compiler.diag.Severity;
import dev.nnl.compiler.source.Position;
import dev.nnl.compiler.source.SourceFile;
import dev.nnl.compiler.source.Span;
import java.util.List;

/**
 * rustc-style text for people: the header, the location, the source line with carets under the
 * span, then {@code = help: ...} and one {@code note:} section per related place.
 *
 * <pre>
 * error[NNL3001]: `Dense` expects 2D input (batch, features), found (None, 26, 26, 32)
 *  --> samples/bad.nnl:7:5
 *   |
 * 7 |     Dense(10)
 *   |     ^^^^^^^^^
 *   |
 *   = help: add `Flatten()` before `Dense`
 * </pre>
 *
 * Every line ends with {@code \n}, and each diagnostic is followed by an empty line.
 */
public final class HumanRenderer {
    private static final String TAB = "    ";

    private static final String RESET = "\u001b[0m";
    private static final String BOLD = "\u001b[1m";
    private static final String RED = "\u001b[1;31m";
    private static final String GREEN = "\u001b[1;32m";
    private static final String YELLOW = "\u001b[1;33m";
    private static final String BLUE = "\u001b[1;34m";
    private static final String CYAN = "\u001b[1;36m";

    private final boolean color;

    /** @param color whether to emit ANSI colours (the CLI decides: terminal, NO_COLOR, flags) */
    public HumanRenderer(boolean color) {
        this.color = color;
    }

    /** The diagnostics in the given order. */
    public String render(List<Diagnostic> diagnostics) {
        StringBuilder out = new StringBuilder();
        for (Diagnostic d : diagnostics) {
            out.append(render(d));
        }
        return out.toString();
    }

    public String render(Diagnostic d) {
        String style = severityStyle(d.severity());
        int width = gutterWidth(d);
        StringBuilder out = new StringBuilder();
        out.append(paint(style, d.severity().label() + "[" + d.code().id() + "]"))
                .append(": ").append(d.message()).append('\n');
        snippet(out, Excerpt.of(d.span()), width, style);
        if (d.help() != null) {
            out.append(emptyGutter(width)).append('\n');
            out.append(" ".repeat(width + 1)).append(paint(BLUE, "=")).append(' ')
                    .append(paint(BOLD, "help")).append(": ").append(d.help()).append('\n');
        }
        for (Diagnostic.Related r : d.related()) {
            out.append(paint(GREEN, "note")).append(": ").append(r.message()).append('\n');
            snippet(out, Excerpt.of(r.span()), width, GREEN);
        }
        return out.append('\n').toString();
    }

    /**
     * The closing line, e.g. {@code error: 2 errors and 1 warning emitted}, ending with {@code \n};
     * empty when there is nothing to count.
     */
    public static String summaryLine(int errors, int warnings, boolean color) {
        String counts;
        if (errors > 0 && warnings > 0) {
            counts = plural(errors, "error") + " and " + plural(warnings, "warning");
        } else if (errors > 0) {
            counts = plural(errors, "error");
        } else if (warnings > 0) {
            counts = plural(warnings, "warning");
        } else {
            return "";
        }
        Severity worst = errors > 0 ? Severity.ERROR : Severity.WARNING;
        return paint(color, severityStyle(worst), worst.label()) + ": " + counts + " emitted\n";
    }

    private static String plural(int n, String word) {
        return n + " " + word + (n == 1 ? "" : "s");
    }

    /** The location line, the source line(s) and the carets of one span. */
    private void snippet(StringBuilder out, Excerpt e, int width, String caretStyle) {
        SourceFile file = e.file();
        out.append(" ".repeat(width)).append(paint(BLUE, "-->")).append(' ')
                .append(Locations.format(file, new Position(e.firstLine(), e.startChar()))).append('\n');
        out.append(emptyGutter(width)).append('\n');

        String first = file.line(e.firstLine());
        int from = Math.min(e.startChar(), first.length());
        int to = e.lastLine() == e.firstLine() ? Math.max(from, Math.min(e.endChar(), first.length())) : first.length();
        sourceLine(out, e.firstLine(), first, width);
        // At least one caret, so an empty span (end of file, a missing token) is still pointed at.
        int carets = Math.max(1, displayWidth(first.substring(from, to)));
        out.append(emptyGutter(width)).append(' ')
                .append(" ".repeat(displayWidth(first.substring(0, from))))
                .append(paint(caretStyle, "^".repeat(carets))).append('\n');

        if (e.lastLine() > e.firstLine()) {
            if (e.lastLine() > e.firstLine() + 1) {
                out.append(paint(BLUE, "...")).append('\n');
            }
            sourceLine(out, e.lastLine(), file.line(e.lastLine()), width);
        }
    }

    private void sourceLine(StringBuilder out, int line, String text, int width) {
        String number = String.valueOf(line + 1);
        out.append(paint(BLUE, " ".repeat(width - number.length()) + number + " |"));
        if (!text.isEmpty()) {
            // Tabs become a fixed four spaces so the caret line below can be measured the same way.
            out.append(' ').append(visible(text.replace("\t", TAB)));
        }
        out.append('\n');
    }

    /**
     * Control characters from a broken file (ESC, NUL, …) are shown as Unicode control pictures
     * (␛, ␀): printed raw they would drive the terminal. One column each, as before.
     */
    static String visible(String text) {
        StringBuilder sb = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                if (sb == null) {
                    sb = new StringBuilder(text.substring(0, i));
                }
                sb.append(c == 0x7f ? '\u2421' : (char) (0x2400 + c));
            } else if (sb != null) {
                sb.append(c);
            }
        }
        return sb == null ? text : sb.toString();
    }

    private String emptyGutter(int width) {
        return " ".repeat(width + 1) + paint(BLUE, "|");
    }

    /** Wide enough for every line number the diagnostic shows, so all its gutters line up. */
    private static int gutterWidth(Diagnostic d) {
        int largest = Excerpt.of(d.span()).lastLine() + 1;
        for (Diagnostic.Related r : d.related()) {
            largest = Math.max(largest, Excerpt.of(r.span()).lastLine() + 1);
        }
        return String.valueOf(largest).length();
    }

    /** Columns on a terminal: a tab is four, any other code point (emoji included) is one. */
    private static int displayWidth(String text) {
        int width = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            width += cp == '\t' ? TAB.length() : 1;
            i += Character.charCount(cp);
        }
        return width;
    }

    private static String severityStyle(Severity s) {
        return switch (s) {
            case ERROR -> RED;
            case WARNING -> YELLOW;
            case INFO -> CYAN;
        };
    }

    private String paint(String style, String text) {
        return paint(color, style, text);
    }

    private static String paint(boolean color, String style, String text) {
        return color ? style + text + RESET : text;
    }

    /**
     * The part of a file a span is shown on: 0-based first and last line, and the UTF-16 columns
     * where it starts (on the first line) and ends (on the last line).
     */
    private record Excerpt(SourceFile file, int firstLine, int startChar, int lastLine, int endChar) {
        static Excerpt of(Span span) {
            SourceFile file = span.file();
            Position start = file.position(span.start());
            Position end = file.position(span.end());
            if (span.start() == span.end() && span.start() >= file.text().length()
                    && start.line() > 0 && file.line(start.line()).isEmpty()) {
                // End of a file that ends with a newline: the empty last line would show nothing,
                // so point just after the last character instead, as rustc does.
                int line = start.line() - 1;
                start = new Position(line, file.line(line).length());
                end = start;
            }
            if (end.line() > start.line() && end.character() == 0) {
                // A span that takes in a line break ends on that line, not at the next one's start.
                int line = end.line() - 1;
                end = new Position(line, file.line(line).length());
            }
            return new Excerpt(file, start.line(), start.character(), end.line(), end.character());
        }
    }
}
