package dev.nnl.compiler.parse;

import dev.nnl.compiler.diag.Code;
import dev.nnl.compiler.source.SourceFile;
import dev.nnl.grammar.NnlLexer;
import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.CommonToken;
import org.antlr.v4.runtime.Token;

/**
 * Two Python habits that would otherwise derail the parser for the rest of the line: a {@code #}
 * comment and a {@code 'single-quoted'} string. Each is reported once, with the nnl spelling as
 * help, and then read as what was meant (a comment, a string), so one slip gives one error.
 */
final class PythonHabits {
    private PythonHabits() {
    }

    static List<Token> rewrite(List<Token> tokens, SourceFile source, NnlParserFacade.Offsets offsets,
                               NnlParserFacade.ErrorCounter counter) {
        List<Token> out = new ArrayList<>(tokens.size());
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (isBadChar(t, "#")) {
                counter.reportLexical(Code.UNEXPECTED_CHARACTER, offsets.span(source, t),
                        "comments start with `//` in nnl", "`#`");
                i = endOfLine(tokens, i) - 1;
                continue;
            }
            int close = isBadChar(t, "'") ? closingQuote(tokens, i) : -1;
            if (close > 0) {
                StringBuilder inner = new StringBuilder();
                for (int k = i + 1; k < close; k++) {
                    inner.append(tokens.get(k).getText());
                }
                String text = inner.toString();
                counter.reportLexical(Code.UNEXPECTED_CHARACTER, offsets.span(source, t),
                        "strings use double quotes: \"" + text + "\"", "`'`");
                CommonToken string = new CommonToken(t);
                string.setType(NnlLexer.STRING);
                string.setStopIndex(tokens.get(close).getStopIndex());
                string.setText("\"" + text.replace("\"", "\\\"") + "\"");
                out.add(string);
                i = close;
                continue;
            }
            out.add(t);
        }
        return out;
    }

    private static boolean isBadChar(Token t, String text) {
        return t.getType() == NnlLexer.BAD_CHAR && t.getText().equals(text);
    }

    /** The index of the newline (or EOF) that ends the line of token {@code from}. */
    private static int endOfLine(List<Token> tokens, int from) {
        int j = from;
        while (j < tokens.size() && tokens.get(j).getType() != NnlLexer.NL && tokens.get(j).getType() != Token.EOF) {
            j++;
        }
        return j;
    }

    /** The index of the matching {@code '} on the same line, or -1. */
    private static int closingQuote(List<Token> tokens, int open) {
        for (int j = open + 1; j < tokens.size(); j++) {
            Token t = tokens.get(j);
            if (t.getType() == NnlLexer.NL || t.getType() == Token.EOF) {
                return -1;
            }
            if (isBadChar(t, "'")) {
                return j;
            }
        }
        return -1;
    }
}
