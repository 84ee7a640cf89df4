package dev.nnl.compiler.diag.render;

import dev.nnl.compiler.diag.Code;
import dev.nnl.compiler.diag.Diagnostic;
import dev.nnl.compiler.diag.Severity;
import dev.nnl.compiler.source.SourceFile;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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
 * Every line ends with {@code \n}, and each diagnostic is followed by an empty line. A source
 * line longer than {@link Excerpt#MAX_WHOLE_LINE} is shown as a window around the span, with
 * {@code ...} where it was cut.
 */
public final class HumanRenderer {
    private static final String TAB = "    ";
    /** Marks where a long source line was cut. */
    private static final String ELLIPSIS = "...";

    /** Of each warning code, how many {@link #render(List)} shows before it only counts them. */
    public static final int SHOWN_PER_CODE = 10;

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

    /**
     * The diagnostics in the given order, except that of each warning or lint code (whatever
     * severity {@code --Werror} gave it) only the first {@link #SHOWN_PER_CODE} are shown; a line
     * per code then counts the rest, as rustc does. Errors are all shown: the compiler stops
     * after 50 in a file.
     */
    public String render(List<Diagnostic> diagnostics) {
        StringBuilder out = new StringBuilder();
        Map<Group, Integer> seen = new LinkedHashMap<>();
        for (Diagnostic d : diagnostics) {
            if (d.code().severity() != Severity.ERROR
                    && seen.merge(new Group(d.code(), d.severity()), 1, Integer::sum) > SHOWN_PER_CODE) {
                continue;
            }
            out.append(render(d));
        }
        boolean grouped = false;
        for (Map.Entry<Group, Integer> e : seen.entrySet()) {
            if (e.getValue() > SHOWN_PER_CODE) {
                out.append(more(e.getKey(), e.getValue() - SHOWN_PER_CODE)).append('\n');
                grouped = true;
            }
        }
        return grouped ? out.append('\n').toString() : out.toString();
    }

    /**
     * {@code … and 9,989 more NNL5002 warnings (linear-stack); `nnlc check --format json` lists
     * them all}: the lint name is the one {@code --allow} and {@code allow(...)} take.
     */
    private String more(Group g, int hidden) {
        String lint = g.code().isLint() ? " (" + g.code().lintName() + ")" : "";
        return "\u2026 and " + String.format(Locale.ROOT, "%,d", hidden) + " more " + g.code().id() + " "
                + paint(severityStyle(g.severity()), g.severity().label() + (hidden == 1 ? "" : "s"))
                + lint + "; `nnlc check --format json` lists them all";
    }

    /** The diagnostics {@link #render(List)} counts together. */
    private record Group(Code code, Severity severity) {
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
        return String.format(Locale.ROOT, "%,d", n) + " " + word + (n == 1 ? "" : "s");
    }

    /** The location line, the source line(s) and the carets of one span. */
    private void snippet(StringBuilder out, Excerpt e, int width, String caretStyle) {
        SourceFile file = e.file();
        out.append(" ".repeat(width)).append(paint(BLUE, "-->")).append(' ')
                .append(Locations.format(file, e.start())).append('\n');
        out.append(emptyGutter(width)).append('\n');

        Excerpt.Shown shown = Excerpt.shown(file, e.firstLine(), e.startChar());
        String first = text(file, e.firstLine(), shown);
        int from = Math.max(0, Math.min(e.startChar() - shown.from(), first.length()));
        int to = e.lastLine() == e.firstLine()
                ? Math.max(from, Math.min(e.endChar() - shown.from(), first.length())) : first.length();
        sourceLine(out, e.firstLine(), first, shown, width);
        // At least one caret, so an empty span (end of file, a missing token) is still pointed at.
        int carets = Math.max(1, displayWidth(first.substring(from, to)));
        int indent = (shown.cutBefore() ? ELLIPSIS.length() : 0) + displayWidth(first.substring(0, from));
        out.append(emptyGutter(width)).append(' ')
                .append(" ".repeat(indent))
                .append(paint(caretStyle, "^".repeat(carets))).append('\n');

        if (e.lastLine() > e.firstLine()) {
            if (e.lastLine() > e.firstLine() + 1) {
                out.append(paint(BLUE, "...")).append('\n');
            }
            Excerpt.Shown last = Excerpt.shown(file, e.lastLine(), 0);
            sourceLine(out, e.lastLine(), text(file, e.lastLine(), last), last, width);
        }
    }

    /** The shown part of a line, copied alone: a copy of the whole line per diagnostic was quadratic. */
    private static String text(SourceFile file, int line, Excerpt.Shown shown) {
        int start = file.lineStart(line);
        return file.text().substring(start + shown.from(), start + shown.to());
    }

    private void sourceLine(StringBuilder out, int line, String text, Excerpt.Shown shown, int width) {
        String number = String.valueOf(line + 1);
        out.append(paint(BLUE, " ".repeat(width - number.length()) + number + " |"));
        if (!text.isEmpty()) {
            // Tabs become a fixed four spaces so the caret line below can be measured the same way.
            out.append(' ').append(shown.cutBefore() ? ELLIPSIS : "")
                    .append(visible(text.replace("\t", TAB)))
                    .append(shown.cutAfter() ? ELLIPSIS : "");
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
}
