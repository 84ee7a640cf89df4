package dev.nnl.compiler.parse;

import dev.nnl.grammar.NnlLexer;
import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.misc.IntervalSet;

/** Human names for tokens in syntax errors: "a name", "`)`", "end of file". */
final class TokenNames {
    private TokenNames() {
    }

    static String describeFound(Token t) {
        return switch (t.getType()) {
            case Token.EOF -> "end of file";
            case NnlLexer.NL -> "end of line";
            case NnlLexer.NUMBER -> "number `" + t.getText() + "`";
            case NnlLexer.STRING -> "string " + abbreviate(t.getText());
            default -> "`" + abbreviate(t.getText()) + "`";
        };
    }

    static String describeExpected(IntervalSet expected, Parser parser) {
        if (expected == null || expected.isNil()) {
            return "something else";
        }
        boolean value = expected.contains(NnlLexer.NUMBER) && expected.contains(NnlLexer.ID)
                && expected.contains(NnlLexer.STRING);
        boolean decl = expected.contains(NnlLexer.MODEL) && expected.contains(NnlLexer.TRAIN);
        List<String> names = new ArrayList<>();
        if (decl) {
            names.add("`model`, `block`, `train`, `let` or `import`");
        }
        if (value) {
            names.add("a value");
        }
        for (int type : expected.toList()) {
            if (value && isValueStart(type) || decl && isDeclStart(type)) {
                continue;
            }
            if (type == NnlLexer.NL || type == NnlLexer.SEMI) {
                if (!names.contains("end of statement")) {
                    names.add("end of statement");
                }
                continue;
            }
            names.add(name(type, parser));
        }
        return join(names);
    }

    private static boolean isValueStart(int type) {
        return type == NnlLexer.NUMBER || type == NnlLexer.ID || type == NnlLexer.STRING
                || type == NnlLexer.BAD_STRING || type == NnlLexer.TRUE || type == NnlLexer.FALSE
                || type == NnlLexer.NONE || type == NnlLexer.LPAREN || type == NnlLexer.LBRACKET
                || type == NnlLexer.MINUS || type == NnlLexer.PLUS;
    }

    private static boolean isDeclStart(int type) {
        return type == NnlLexer.MODEL || type == NnlLexer.BLOCK || type == NnlLexer.TRAIN
                || type == NnlLexer.LET || type == NnlLexer.IMPORT;
    }

    private static String name(int type, Parser parser) {
        return switch (type) {
            case Token.EOF -> "end of file";
            case NnlLexer.ID -> "a name";
            case NnlLexer.NUMBER -> "a number";
            case NnlLexer.STRING, NnlLexer.BAD_STRING -> "a string";
            default -> {
                String literal = parser.getVocabulary().getLiteralName(type);
                yield literal != null ? "`" + literal.substring(1, literal.length() - 1) + "`"
                        : parser.getVocabulary().getDisplayName(type);
            }
        };
    }

    private static String join(List<String> names) {
        if (names.size() == 1) {
            return names.get(0);
        }
        if (names.size() > 6) {
            return String.join(", ", names.subList(0, 6)) + ", …";
        }
        return String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
    }

    private static String abbreviate(String s) {
        String one = s.replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t");
        return one.length() > 30 ? one.substring(0, 27) + "…" : one;
    }
}
