package dev.nnl.compiler.format;

import dev.nnl.compiler.Compiler;
import dev.nnl.compiler.diag.Diagnostic;
import dev.nnl.compiler.source.SourceFile;
import dev.nnl.grammar.NnlLexer;
import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.Token;

/**
 * {@code nnlc fmt} and the language server's formatting: one canonical layout for a {@code .nnl}
 * file, in the spirit of gofmt. The author's line breaks stay where they are (nothing is joined
 * or re-wrapped); what changes is the whitespace around them:
 *
 * <ul>
 *   <li>Indentation: 4 spaces per open brace. A line inside {@code ( )} or {@code [ ]} lines
 *       up with the first token after the open bracket when the bracket's line goes on after it,
 *       and is indented one step from that line when the bracket ends it (a hanging indent); a
 *       line that starts with the closing bracket goes back to the bracket's line. A line that
 *       starts with {@code ->} puts its arrow under the first arrow of the statement it
 *       continues, or one step in when that line has none.</li>
 *   <li>Spaces: one around {@code ->} and around {@code =} in {@code let}, bindings and
 *       {@code train} entries; none around {@code =} in keyword arguments and block parameter
 *       defaults. One around binary {@code + - * /}, except directly in a keyword argument's
 *       value, which is written tight ({@code scale=1/255}, but {@code Dense(units * 2)}). None
 *       after a unary sign, inside brackets, before {@code , ; :} or between a callee and its
 *       {@code (}; one after {@code , ; :} and between words.</li>
 *   <li>Alignment: the {@code =} of consecutive {@code let} lines line up after the longest
 *       name; those of a {@code train} block's entries after the longest key of at most 10
 *       characters (the length of {@code batch_size}), and a longer key
 *       ({@code validation_split}) keeps one space. Comment lines between entries keep them
 *       together; a blank line or another statement ends the run. Trailing {@code //}
 *       comments of consecutive lines line up in one column: column 38, or 3 spaces after the
 *       longest line of the run when that is further right.</li>
 *   <li>{@code ;} is kept only between two statements on one line ({@code a; b}); elsewhere it
 *       separates nothing and goes.</li>
 *   <li>Blank lines: at most one in a row, none at the start or end of the file or of a body (or
 *       bracket). The file ends with exactly one line break; a file whose first line break is
 *       CRLF keeps CRLF, any other gets LF. Trailing blanks go; tabs between tokens become
 *       spaces. A byte-order mark is not written back.</li>
 *   <li>Comments are never dropped or moved to another line. A comment on its own line is
 *       indented like the code around it; the later lines of a block comment move as far as its
 *       first line did.</li>
 * </ul>
 *
 * <p>Only a file that parses is formatted: one with syntax errors is refused with those errors,
 * since a guess at its structure could move code. The result is idempotent, and has the same
 * tokens as the input apart from whitespace and the {@code ;} rule; the second is checked on
 * every run.
 */
public final class Formatter {
    private Formatter() {
    }

    public static Formatted format(SourceFile source) {
        List<Diagnostic> errors = Compiler.syntaxErrors(source);
        if (!errors.isEmpty()) {
            return new Formatted(null, errors);
        }
        String text = Layout.format(source.text());
        List<String> before = significantTokens(source.text());
        List<String> after = significantTokens(text);
        if (!before.equals(after)) {
            throw new IllegalStateException("the formatter changed the tokens of " + source.name() + ": "
                    + firstDifference(before, after));
        }
        return new Formatted(text, List.of());
    }

    /**
     * The tokens that formatting must keep, as {@code TYPE text}: everything but whitespace,
     * line breaks and {@code ;}, with comments compared without their line-end and indentation
     * blanks (which formatting may change).
     */
    static List<String> significantTokens(String text) {
        List<String> out = new ArrayList<>();
        for (Token t : Layout.lex(text)) {
            int type = t.getType();
            if (type == NnlLexer.WS || type == NnlLexer.NL || type == NnlLexer.SEMI) {
                continue;
            }
            String s = t.getText();
            if (Layout.isComment(t)) {
                StringBuilder sb = new StringBuilder();
                for (String line : s.split("\r\n|\r|\n", -1)) {
                    sb.append(line.strip()).append('\n');
                }
                s = sb.toString();
            }
            out.add(NnlLexer.VOCABULARY.getSymbolicName(type) + " " + s);
        }
        return out;
    }

    private static String firstDifference(List<String> before, List<String> after) {
        for (int i = 0; i < Math.min(before.size(), after.size()); i++) {
            if (!before.get(i).equals(after.get(i))) {
                return "token " + i + " was `" + before.get(i) + "`, is `" + after.get(i) + "`";
            }
        }
        return before.size() + " tokens before, " + after.size() + " after";
    }
}
