package dev.nnl.compiler.parse;

import dev.nnl.grammar.NnlLexer;
import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.Token;

/**
 * The source as a flat list of tokens, comments and newlines included, for tools that work on
 * text that may not parse (completion in a half-typed call). Offsets are UTF-16, like spans.
 */
public final class Lexemes {
    public enum Kind { KEYWORD, NAME, NUMBER, STRING, PUNCT, COMMENT, NEWLINE, ERROR }

    public record Lexeme(Kind kind, String text, int start, int end) {
        public boolean is(String s) {
            return text.equals(s) && (kind == Kind.PUNCT || kind == Kind.KEYWORD);
        }
    }

    private Lexemes() {
    }

    /** Every token but whitespace, in order. */
    public static List<Lexeme> of(String text) {
        NnlParserFacade.Offsets offsets = new NnlParserFacade.Offsets(text);
        NnlLexer lexer = new NnlLexer(CharStreams.fromString(text));
        lexer.removeErrorListeners();
        List<Lexeme> out = new ArrayList<>();
        for (Token t : lexer.getAllTokens()) {
            Kind kind = kind(t.getType());
            if (kind != null) {
                int start = offsets.utf16(t.getStartIndex());
                out.add(new Lexeme(kind, t.getText(), start, Math.max(start, offsets.utf16(t.getStopIndex() + 1))));
            }
        }
        return out;
    }

    private static Kind kind(int type) {
        return switch (type) {
            case NnlLexer.WS -> null;
            case NnlLexer.MODEL, NnlLexer.BLOCK, NnlLexer.INPUT, NnlLexer.OUTPUT, NnlLexer.TRAIN, NnlLexer.LET,
                 NnlLexer.IMPORT, NnlLexer.TRUE, NnlLexer.FALSE, NnlLexer.NONE -> Kind.KEYWORD;
            case NnlLexer.ID -> Kind.NAME;
            case NnlLexer.NUMBER -> Kind.NUMBER;
            case NnlLexer.STRING, NnlLexer.BAD_STRING -> Kind.STRING;
            case NnlLexer.LINE_COMMENT, NnlLexer.BLOCK_COMMENT, NnlLexer.BAD_COMMENT -> Kind.COMMENT;
            case NnlLexer.NL -> Kind.NEWLINE;
            case NnlLexer.BAD_CHAR -> Kind.ERROR;
            default -> Kind.PUNCT;
        };
    }
}
