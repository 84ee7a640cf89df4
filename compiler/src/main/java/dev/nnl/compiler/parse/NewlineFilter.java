package dev.nnl.compiler.parse;

import dev.nnl.grammar.NnlLexer;
import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.Token;

/**
 * Decides which newlines end a statement, so the grammar can treat NL as a plain separator:
 * newlines inside {@code ( )} and {@code [ ]} are dropped, and so is every newline before a
 * line that starts with {@code ->} (a chain continued on the next line). Braces (and an
 * unterminated string) reset the bracket depth, so one unclosed {@code (} cannot swallow the
 * rest of the file.
 *
 * <p>It also enforces the nesting limit: past {@link #MAX_DEPTH} the rest of the tokens is cut
 * off and {@link #tooDeepAt()} tells where, so a 10,000-deep file costs nothing.
 */
final class NewlineFilter {
    static final int MAX_DEPTH = 200;

    private Token tooDeepAt;

    Token tooDeepAt() {
        return tooDeepAt;
    }

    /** Filters the default-channel tokens; the list ends with EOF. */
    List<Token> filter(List<? extends Token> tokens) {
        List<Token> out = new ArrayList<>(tokens.size());
        int depth = 0;
        ArrowAhead arrowAhead = new ArrowAhead();
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.getChannel() != Token.DEFAULT_CHANNEL) {
                continue;
            }
            switch (t.getType()) {
                case NnlLexer.LPAREN, NnlLexer.LBRACKET -> {
                    depth++;
                    if (depth > MAX_DEPTH && tooDeepAt == null) {
                        tooDeepAt = t;
                        out.add(tokens.get(tokens.size() - 1));
                        return out;
                    }
                }
                case NnlLexer.RPAREN, NnlLexer.RBRACKET -> depth = Math.max(0, depth - 1);
                // An unterminated string swallowed the rest of its line, closing brackets included:
                // let the line end the statement rather than glue the next lines onto it.
                case NnlLexer.LBRACE, NnlLexer.RBRACE, NnlLexer.BAD_STRING -> depth = 0;
                case NnlLexer.NL -> {
                    if (depth > 0 || nextSignificantIsArrow(tokens, i + 1, arrowAhead)) {
                        continue;
                    }
                }
                default -> {
                }
            }
            out.add(t);
        }
        return out;
    }

    /**
     * Whether the first significant token from {@code from} on is {@code ->}. A run of blank or
     * comment lines asks this once per newline, so the answer for the run is remembered: the scan
     * never passes the same tokens twice and a file of 200,000 blank lines stays linear.
     */
    private static boolean nextSignificantIsArrow(List<? extends Token> tokens, int from, ArrowAhead ahead) {
        if (from <= ahead.index) {
            return ahead.isArrow;
        }
        int j = from;
        while (j < tokens.size() && (tokens.get(j).getChannel() != Token.DEFAULT_CHANNEL
                || tokens.get(j).getType() == NnlLexer.NL)) {
            j++;
        }
        ahead.index = j;
        ahead.isArrow = j < tokens.size() && tokens.get(j).getType() == NnlLexer.ARROW;
        return ahead.isArrow;
    }

    /** The last significant token looked up, and whether it was {@code ->}. */
    private static final class ArrowAhead {
        private int index = -1;
        private boolean isArrow;
    }
}
