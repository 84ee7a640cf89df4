package dev.nnl.compiler.format;

import dev.nnl.grammar.NnlLexer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.Token;

/**
 * The layout rules of {@link Formatter}, applied to the lexer's full token stream (comments
 * included) of a file that is known to parse. The author's line breaks are kept; everything
 * between tokens on a line, and the indentation before them, is rewritten.
 */
final class Layout {
    static final int INDENT = 4;
    /** Where trailing {@code //} comments line up: the samples' column (the 38th character). */
    static final int COMMENT_COLUMN = 37;
    /** The least room between code and an aligned trailing comment. */
    static final int COMMENT_GAP = 3;
    /**
     * In a {@code train} block, keys up to this long set the column of aligned {@code =}; a
     * longer one ({@code validation_split}, {@code validation_data}) keeps one space instead of
     * pushing every value to the right. It is the length of {@code batch_size}. {@code let}
     * names, which the author chooses, all take part.
     */
    static final int TRAIN_KEY_LIMIT = 10;
    /** Tab stops, for the original column of a block comment whose lines are re-indented. */
    private static final int TAB = 4;

    private final int[] original;
    private final String newline;

    private Layout(int[] original, String newline) {
        this.original = original;
        this.newline = newline;
    }

    static String format(String text) {
        List<Token> tokens = new ArrayList<>(lex(text));
        String newline = "\n";
        for (Token t : tokens) {
            if (t.getType() == NnlLexer.NL) {
                // The first line break decides: CRLF files stay CRLF; LF and lone-CR files become LF.
                newline = t.getText().equals("\r\n") ? "\r\n" : "\n";
                break;
            }
        }
        List<List<Token>> lines = new ArrayList<>();
        List<Token> line = new ArrayList<>();
        for (Token t : tokens) {
            if (t.getType() == NnlLexer.NL) {
                lines.add(semicolons(line));
                line = new ArrayList<>();
            } else if (t.getType() != NnlLexer.WS) {
                line.add(t);
            }
        }
        lines.add(semicolons(line));
        return new Layout(text.codePoints().toArray(), newline).render(blankLines(lines));
    }

    static List<? extends Token> lex(String text) {
        NnlLexer lexer = new NnlLexer(CharStreams.fromString(text));
        lexer.removeErrorListeners();
        return lexer.getAllTokens();
    }

    // ---- line structure ----

    /**
     * Keeps a {@code ;} only between two statements on the same line: one at the start or end of
     * a line, after an opening brace, before a closing one or next to another {@code ;}
     * separates nothing.
     * A line of nothing but {@code ;} and comments keeps one, though: without code on the line, a
     * {@code // nnl: allow(…)} comment there would silence the next line instead of its own.
     */
    private static List<Token> semicolons(List<Token> line) {
        List<Token> out = new ArrayList<>(line.size());
        Token kept = null;
        Token firstSemi = null;
        for (int i = 0; i < line.size(); i++) {
            Token t = line.get(i);
            if (t.getType() == NnlLexer.SEMI) {
                firstSemi = firstSemi == null ? t : firstSemi;
                Token next = null;
                for (int j = i + 1; j < line.size() && next == null; j++) {
                    next = isComment(line.get(j)) ? null : line.get(j);
                }
                boolean separates = kept != null && kept.getType() != NnlLexer.LBRACE && next != null
                        && next.getType() != NnlLexer.SEMI && next.getType() != NnlLexer.RBRACE;
                if (!separates) {
                    continue;
                }
            }
            out.add(t);
            kept = isComment(t) ? kept : t;
        }
        if (kept == null && firstSemi != null && !out.isEmpty()) {
            int at = 0;
            while (at < out.size() && line.indexOf(out.get(at)) < line.indexOf(firstSemi)) {
                at++;
            }
            out.add(at, firstSemi);
        }
        return out;
    }

    /**
     * At most one blank line in a row; none at the start or end of the file, after a line that
     * ends with an opening brace or bracket, or before a line that starts with a closing one.
     */
    private static List<List<Token>> blankLines(List<List<Token>> lines) {
        List<List<Token>> out = new ArrayList<>(lines.size());
        for (List<Token> line : lines) {
            if (line.isEmpty()) {
                boolean keep = !out.isEmpty() && !out.get(out.size() - 1).isEmpty()
                        && !isOpener(lastCode(out.get(out.size() - 1)));
                if (keep) {
                    out.add(line);
                }
                continue;
            }
            if (isCloser(firstCode(line)) && !out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
                out.remove(out.size() - 1);
            }
            out.add(line);
        }
        while (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
            out.remove(out.size() - 1);
        }
        return out;
    }

    // ---- aligned `=` ----

    private record Entry(Token name, Token assign, boolean train, int depth) {
    }

    /**
     * The extra spaces before the {@code =} of each aligned entry. Entries are {@code let}
     * constants and the lines of a {@code train} block that start a line; a section is a run of
     * entries of one kind with only comment lines (and the entries' own continuation lines)
     * between them, so a blank line or any other statement starts a new one.
     */
    private static Map<Token, Integer> assignmentPads(List<List<Token>> lines) {
        Map<Token, Integer> pads = new HashMap<>();
        Deque<Boolean> trainBodies = new ArrayDeque<>();
        List<Entry> section = new ArrayList<>();
        int brackets = 0;
        Token before1 = null;
        Token before2 = null;
        for (List<Token> line : lines) {
            List<Token> code = line.stream().filter(t -> !isComment(t)).toList();
            boolean continuation = brackets > 0 || !code.isEmpty() && code.get(0).getType() == NnlLexer.ARROW;
            if (line.isEmpty()) {
                closeSection(section, pads);
            } else if (!code.isEmpty() && !continuation) {
                Entry e = entry(code, trainBodies);
                if (e == null || !section.isEmpty() && (section.get(0).train() != e.train() || section.get(0).depth() != e.depth())) {
                    closeSection(section, pads);
                }
                if (e != null) {
                    section.add(e);
                }
            }
            for (Token t : code) {
                switch (t.getType()) {
                    case NnlLexer.LPAREN, NnlLexer.LBRACKET -> brackets++;
                    case NnlLexer.RPAREN, NnlLexer.RBRACKET -> brackets--;
                    case NnlLexer.LBRACE -> trainBodies.push(before2 != null && before2.getType() == NnlLexer.TRAIN
                            && before1.getType() == NnlLexer.ID);
                    case NnlLexer.RBRACE -> trainBodies.pop();
                    default -> {
                    }
                }
                before2 = before1;
                before1 = t;
            }
        }
        closeSection(section, pads);
        return pads;
    }

    private static Entry entry(List<Token> code, Deque<Boolean> trainBodies) {
        int depth = trainBodies.size();
        if (code.size() >= 3 && code.get(0).getType() == NnlLexer.LET && code.get(1).getType() == NnlLexer.ID
                && code.get(2).getType() == NnlLexer.ASSIGN) {
            return new Entry(code.get(1), code.get(2), false, depth);
        }
        if (Boolean.TRUE.equals(trainBodies.peek()) && code.size() >= 2 && code.get(0).getType() == NnlLexer.ID
                && code.get(1).getType() == NnlLexer.ASSIGN) {
            return new Entry(code.get(0), code.get(1), true, depth);
        }
        return null;
    }

    private static void closeSection(List<Entry> section, Map<Token, Integer> pads) {
        int limit = !section.isEmpty() && section.get(0).train() ? TRAIN_KEY_LIMIT : Integer.MAX_VALUE;
        int width = section.stream().mapToInt(e -> e.name().getText().length())
                .filter(n -> n <= limit).max().orElse(0);
        for (Entry e : section) {
            int n = e.name().getText().length();
            pads.put(e.assign(), n <= limit ? width - n : 0);
        }
        section.clear();
    }

    // ---- rendering ----

    /** An open {@code (} or {@code [}: where its continuation lines start, and where its closer goes. */
    private static final class Bracket {
        final int column;
        final int lineIndent;
        /** Inside a keyword argument's value ({@code scale=1/255}): operators take no spaces. */
        boolean keywordValue;

        Bracket(int column, int lineIndent) {
            this.column = column;
            this.lineIndent = lineIndent;
        }
    }

    /** How a token is spaced: operators by their role, everything else by the token type. */
    private enum Role { PLAIN, UNARY, SPACED, TIGHT }

    /** One output line before trailing comments are aligned. */
    private record Rendered(String code, String trailing) {
    }

    private String render(List<List<Token>> lines) {
        Map<Token, Integer> pads = assignmentPads(lines);
        Token[] nextLineStart = new Token[lines.size()];
        Token upcoming = null;
        for (int i = lines.size() - 1; i >= 0; i--) {
            nextLineStart[i] = upcoming;
            upcoming = firstCode(lines.get(i)) != null ? firstCode(lines.get(i)) : upcoming;
        }

        List<Rendered> out = new ArrayList<>(lines.size());
        Deque<Bracket> brackets = new ArrayDeque<>();
        int braces = 0;
        Token prevCode = null;
        int statementIndent = 0;
        int statementArrow = -1;
        for (int n = 0; n < lines.size(); n++) {
            List<Token> line = lines.get(n);
            if (line.isEmpty()) {
                out.add(new Rendered("", null));
                continue;
            }
            Token first = firstCode(line);
            int indent;
            if (!brackets.isEmpty()) {
                indent = isCloser(first) ? brackets.peek().lineIndent : brackets.peek().column;
            } else if (isArrow(first != null ? first : nextLineStart[n])) {
                // A continued chain lines its arrows up under the first one of its statement.
                indent = statementArrow >= 0 ? statementArrow : statementIndent + INDENT;
            } else {
                indent = INDENT * Math.max(0, braces - (first != null && first.getType() == NnlLexer.RBRACE ? 1 : 0));
            }
            boolean startsStatement = brackets.isEmpty() && first != null && !isArrow(first);
            if (startsStatement) {
                statementIndent = indent;
                statementArrow = -1;
            }

            StringBuilder text = new StringBuilder(" ".repeat(indent));
            int column = indent;
            String trailing = null;
            Token prev = null;
            Role prevRole = Role.PLAIN;
            for (int i = 0; i < line.size(); i++) {
                Token t = line.get(i);
                if (t.getType() == NnlLexer.LINE_COMMENT && i == line.size() - 1 && first != null) {
                    trailing = stripEnd(t.getText());
                    break;
                }
                Role role = role(t, prevCode, brackets);
                if (prev != null) {
                    int gap = gap(prev, prevRole, t, role) + (t.getType() == NnlLexer.ASSIGN ? pads.getOrDefault(t, 0) : 0);
                    text.append(" ".repeat(gap));
                    column += gap;
                }
                String s = switch (t.getType()) {
                    case NnlLexer.BLOCK_COMMENT -> reindent(t, column);
                    case NnlLexer.LINE_COMMENT -> stripEnd(t.getText());
                    default -> t.getText();
                };
                switch (t.getType()) {
                    case NnlLexer.ARROW -> {
                        if (startsStatement && statementArrow < 0) {
                            statementArrow = column;
                        }
                    }
                    case NnlLexer.SEMI -> statementArrow = -1;
                    case NnlLexer.LBRACE -> braces++;
                    case NnlLexer.RBRACE -> braces--;
                    case NnlLexer.LPAREN, NnlLexer.LBRACKET ->
                            // Content after the bracket on its line sets the column for the lines
                            // below (visual alignment); a bracket that ends its line gets a hanging indent.
                            brackets.push(new Bracket(codeFollows(line, i) ? column + 1 : indent + INDENT, indent));
                    case NnlLexer.RPAREN, NnlLexer.RBRACKET -> brackets.pop();
                    case NnlLexer.ASSIGN -> {
                        if (!brackets.isEmpty()) {
                            brackets.peek().keywordValue = true;
                        }
                    }
                    case NnlLexer.COMMA -> {
                        if (!brackets.isEmpty()) {
                            brackets.peek().keywordValue = false;
                        }
                    }
                    default -> {
                    }
                }
                text.append(s);
                int lastBreak = Math.max(s.lastIndexOf('\n'), s.lastIndexOf('\r'));
                column = lastBreak < 0 ? column + s.codePointCount(0, s.length())
                        : s.codePointCount(lastBreak + 1, s.length());
                prevCode = isComment(t) ? prevCode : t;
                prev = t;
                prevRole = role;
            }
            out.add(new Rendered(text.toString(), trailing));
        }
        return join(alignTrailingComments(out));
    }

    private static Role role(Token t, Token prevCode, Deque<Bracket> brackets) {
        boolean tight = !brackets.isEmpty() && brackets.peek().keywordValue;
        return switch (t.getType()) {
            case NnlLexer.PLUS, NnlLexer.MINUS -> !endsOperand(prevCode) ? Role.UNARY : tight ? Role.TIGHT : Role.SPACED;
            case NnlLexer.STAR, NnlLexer.SLASH -> tight ? Role.TIGHT : Role.SPACED;
            // `=` inside brackets is a keyword argument or a block parameter's default.
            case NnlLexer.ASSIGN -> brackets.isEmpty() ? Role.SPACED : Role.TIGHT;
            case NnlLexer.ARROW -> Role.SPACED;
            default -> Role.PLAIN;
        };
    }

    /** The spaces between two tokens on one line. */
    private static int gap(Token prev, Role prevRole, Token cur, Role curRole) {
        int p = prev.getType();
        int c = cur.getType();
        boolean opens = p == NnlLexer.LPAREN || p == NnlLexer.LBRACKET;
        boolean closes = c == NnlLexer.RPAREN || c == NnlLexer.RBRACKET;
        if (isComment(prev) || isComment(cur)) {
            return opens || closes || c == NnlLexer.COMMA ? 0 : 1;
        }
        if (opens || closes) {
            return 0;
        }
        if (c == NnlLexer.COMMA || c == NnlLexer.SEMI || c == NnlLexer.COLON) {
            return 0;
        }
        if (p == NnlLexer.COMMA || p == NnlLexer.SEMI || p == NnlLexer.COLON) {
            return 1;
        }
        if (isSign(prev) && isSign(cur)) {
            // `2 - -3`, `- -3`: written together, two signs would read as one operator.
            return 1;
        }
        if (prevRole == Role.UNARY || prevRole == Role.TIGHT || curRole == Role.TIGHT) {
            return 0;
        }
        if (prevRole == Role.SPACED || curRole == Role.SPACED) {
            return 1;
        }
        return c == NnlLexer.LPAREN && p == NnlLexer.ID ? 0 : 1;
    }

    /** Trailing comments of consecutive lines share one column, like gofmt's. */
    private static List<String> alignTrailingComments(List<Rendered> lines) {
        List<String> out = new ArrayList<>(lines.size());
        int i = 0;
        while (i < lines.size()) {
            if (lines.get(i).trailing() == null) {
                out.add(lines.get(i++).code());
                continue;
            }
            int j = i;
            int widest = 0;
            while (j < lines.size() && lines.get(j).trailing() != null) {
                widest = Math.max(widest, lastLineWidth(lines.get(j++).code()));
            }
            int column = Math.max(COMMENT_COLUMN, widest + COMMENT_GAP);
            for (; i < j; i++) {
                Rendered r = lines.get(i);
                out.add(r.code() + " ".repeat(column - lastLineWidth(r.code())) + r.trailing());
            }
        }
        return out;
    }

    private String join(List<String> lines) {
        StringBuilder sb = new StringBuilder();
        for (String l : lines) {
            sb.append(l).append(newline);
        }
        return sb.toString();
    }

    /**
     * A block comment's text with its line breaks in the file's style, trailing blanks removed,
     * and its later lines moved as far as its first line moved, so its inner layout survives.
     */
    private String reindent(Token comment, int column) {
        String[] parts = comment.getText().split("\r\n|\r|\n", -1);
        if (parts.length == 1) {
            return comment.getText();
        }
        int shift = column - originalColumn(comment);
        StringBuilder sb = new StringBuilder(stripEnd(parts[0]));
        for (int k = 1; k < parts.length; k++) {
            String p = stripEnd(parts[k]);
            int width = 0;
            int start = 0;
            while (start < p.length() && (p.charAt(start) == ' ' || p.charAt(start) == '\t' || p.charAt(start) == '\f')) {
                width = p.charAt(start) == '\t' ? (width / TAB + 1) * TAB : width + 1;
                start++;
            }
            sb.append(newline);
            if (start < p.length()) {
                sb.append(" ".repeat(Math.max(0, width + shift))).append(p, start, p.length());
            }
        }
        return sb.toString();
    }

    /** The column a token started at in the original text, with tabs at every fourth column. */
    private int originalColumn(Token t) {
        int start = t.getStartIndex();
        int k = start;
        while (k > 0 && original[k - 1] != '\n' && original[k - 1] != '\r') {
            k--;
        }
        int width = 0;
        for (; k < start; k++) {
            width = original[k] == '\t' ? (width / TAB + 1) * TAB : width + 1;
        }
        return width;
    }

    // ---- tokens ----

    static boolean isComment(Token t) {
        return t != null && (t.getType() == NnlLexer.LINE_COMMENT || t.getType() == NnlLexer.BLOCK_COMMENT);
    }

    private static boolean isOpener(Token t) {
        return t != null && (t.getType() == NnlLexer.LPAREN || t.getType() == NnlLexer.LBRACKET || t.getType() == NnlLexer.LBRACE);
    }

    private static boolean isCloser(Token t) {
        return t != null && (t.getType() == NnlLexer.RPAREN || t.getType() == NnlLexer.RBRACKET || t.getType() == NnlLexer.RBRACE);
    }

    private static boolean isSign(Token t) {
        return t.getType() == NnlLexer.PLUS || t.getType() == NnlLexer.MINUS;
    }

    private static boolean isArrow(Token t) {
        return t != null && t.getType() == NnlLexer.ARROW;
    }

    /** Whether a {@code +} or {@code -} after this token is binary. */
    private static boolean endsOperand(Token t) {
        if (t == null) {
            return false;
        }
        return switch (t.getType()) {
            case NnlLexer.NUMBER, NnlLexer.ID, NnlLexer.STRING, NnlLexer.TRUE, NnlLexer.FALSE, NnlLexer.NONE,
                    NnlLexer.RPAREN, NnlLexer.RBRACKET -> true;
            default -> false;
        };
    }

    private static Token firstCode(List<Token> line) {
        for (Token t : line) {
            if (!isComment(t)) {
                return t;
            }
        }
        return null;
    }

    private static Token lastCode(List<Token> line) {
        for (int i = line.size() - 1; i >= 0; i--) {
            if (!isComment(line.get(i))) {
                return line.get(i);
            }
        }
        return null;
    }

    private static boolean codeFollows(List<Token> line, int i) {
        for (int j = i + 1; j < line.size(); j++) {
            if (!isComment(line.get(j))) {
                return true;
            }
        }
        return false;
    }

    private static int lastLineWidth(String s) {
        int lastBreak = Math.max(s.lastIndexOf('\n'), s.lastIndexOf('\r'));
        return s.codePointCount(lastBreak + 1, s.length());
    }

    static String stripEnd(String s) {
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == '\t' || s.charAt(end - 1) == '\f')) {
            end--;
        }
        return s.substring(0, end);
    }
}
