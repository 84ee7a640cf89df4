package dev.nnl.compiler.parse;

import dev.nnl.compiler.ast.NnlFile;
import dev.nnl.compiler.diag.Code;
import dev.nnl.compiler.diag.Diagnostics;
import dev.nnl.compiler.source.SourceFile;
import dev.nnl.compiler.source.Span;
import dev.nnl.grammar.NnlLexer;
import dev.nnl.grammar.NnlParser;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonToken;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.DefaultErrorStrategy;
import org.antlr.v4.runtime.InputMismatchException;
import org.antlr.v4.runtime.ListTokenSource;
import org.antlr.v4.runtime.NoViableAltException;
import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.atn.PredictionMode;
import org.antlr.v4.runtime.misc.IntervalSet;
import org.antlr.v4.runtime.misc.ParseCancellationException;

/**
 * Source text to AST. Lexical problems (bad characters, strings, comments, UTF-8) and syntax
 * errors become diagnostics; the AST is built from whatever the parser recovered, so later
 * stages still check the parts that parsed.
 */
public final class NnlParserFacade {
    private NnlParserFacade() {
    }

    public static ParseResult parse(SourceFile source, Diagnostics diags) {
        Suppressions suppressions = new Suppressions();
        if (looksLikeUtf16(source.text())) {
            // One error for the whole file, not one per NUL byte between the letters.
            diags.report(Code.INVALID_UTF8, source.span(0, 0))
                    .help("this file looks like UTF-16 (as Windows PowerShell's `>` writes it): save it as UTF-8").emit();
            return new ParseResult(new NnlFile(source, List.of()), suppressions);
        }
        ErrorCounter counter = new ErrorCounter(diags, source);
        // Counted like the other errors, so a binary file gives 50 of them, not one per byte.
        String encodingHelp = "the file is in another encoding (Latin-1 or Windows-1252, perhaps): save it as UTF-8";
        for (int offset : source.invalidUtf8Offsets()) {
            counter.reportWithHelp(Code.INVALID_UTF8, source.span(offset, offset + 1), encodingHelp);
            encodingHelp = null;
        }
        Set<Integer> invalidUtf8 = new HashSet<>(source.invalidUtf8Offsets());
        Offsets offsets = new Offsets(source.text());
        NnlLexer lexer = new NnlLexer(CharStreams.fromString(source.text(), source.name()));
        lexer.removeErrorListeners();
        List<Token> tokens = lex(lexer);
        tokens = PythonHabits.rewrite(tokens, source, offsets, counter);
        Set<Token> quiet = new HashSet<>();
        List<Token> joined = joinNonAsciiWords(tokens, quiet);

        int lastLine = -1;
        for (Token t : tokens) {
            switch (t.getType()) {
                case NnlLexer.LINE_COMMENT -> suppressions.add(t.getLine() - 1, t.getText(), t.getLine() - 1 != lastLine);
                case NnlLexer.BAD_CHAR -> {
                    // A letter inside a non-ASCII word was reported with the word's first one.
                    if (!quiet.contains(t)) {
                        badChar(t, source, offsets, counter, invalidUtf8);
                    }
                }
                case NnlLexer.BAD_STRING -> counter.reportLexical(Code.UNTERMINATED_STRING, offsets.span(source, t), null);
                case NnlLexer.BAD_COMMENT -> counter.reportLexical(Code.UNTERMINATED_COMMENT, offsets.span(source, t), null);
                default -> {
                }
            }
            if (t.getChannel() == Token.DEFAULT_CHANNEL && t.getType() != NnlLexer.NL) {
                lastLine = t.getLine() - 1;
            } else if (t.getType() == NnlLexer.NL) {
                lastLine = -1;
            }
        }

        NewlineFilter filter = new NewlineFilter();
        List<Token> significant = new ArrayList<>();
        for (Token t : filter.filter(joined)) {
            // Bad characters were reported above; keeping them out of the parser avoids a second error.
            if (t.getType() != NnlLexer.BAD_CHAR && t.getType() != NnlLexer.BAD_COMMENT) {
                significant.add(t);
            }
        }
        if (filter.tooDeepAt() != null) {
            counter.report(Code.TOO_DEEP, offsets.span(source, filter.tooDeepAt()), NewlineFilter.MAX_DEPTH + " levels");
            // The cut-off token stream would only yield misleading follow-on errors.
            return new ParseResult(new NnlFile(source, List.of()), suppressions);
        }

        NnlParser.FileContext tree = parseTokens(significant, counter, offsets, source);
        NnlFile file = new AstBuilder(source, offsets, counter).file(tree);
        return new ParseResult(file, suppressions);
    }

    /**
     * All tokens, EOF last, with each run of blank lines kept as its first newline alone. Every
     * later stage sees a newline only as "a line ended here", so the rest of a run (and the blanks
     * between) would only cost memory: a 60 MB file of newlines is 60 million tokens otherwise.
     */
    private static List<Token> lex(NnlLexer lexer) {
        List<Token> tokens = new ArrayList<>();
        int blankRunFrom = -1;
        for (Token t = lexer.nextToken(); ; t = lexer.nextToken()) {
            if (t.getType() == NnlLexer.NL && blankRunFrom >= 0) {
                tokens.subList(blankRunFrom, tokens.size()).clear();
                continue;
            }
            tokens.add(t);
            if (t.getType() == Token.EOF) {
                return tokens;
            }
            if (t.getType() == NnlLexer.NL) {
                blankRunFrom = tokens.size();
            } else if (t.getType() != NnlLexer.WS) {
                blankRunFrom = -1;
            }
        }
    }

    /** UTF-16 read as UTF-8: every other character of ASCII text is NUL. */
    static boolean looksLikeUtf16(String text) {
        int n = Math.min(text.length(), 1000);
        int nuls = 0;
        for (int i = 0; i < n; i++) {
            nuls += text.charAt(i) == 0 ? 1 : 0;
        }
        return n >= 8 && nuls * 4 >= n;
    }

    /**
     * Identifiers are ASCII, but a word such as {@code rélu} should cost one error, not three
     * ({@code r}, {@code é}, {@code lu}). Each run of adjacent word tokens and non-ASCII letters
     * becomes one ID token, which the checker treats as already reported (Evaluator.isAscii);
     * every non-ASCII letter after a word's first goes into {@code quiet}.
     */
    private static List<Token> joinNonAsciiWords(List<Token> tokens, Set<Token> quiet) {
        if (tokens.stream().noneMatch(NnlParserFacade::isNonAsciiLetter)) {
            return tokens;
        }
        List<Token> out = new ArrayList<>(tokens.size());
        int i = 0;
        while (i < tokens.size()) {
            int j = i;
            Token firstBad = null;
            while (j < tokens.size() && isWordPart(tokens.get(j), j == i)
                    && (j == i || tokens.get(j - 1).getStopIndex() + 1 == tokens.get(j).getStartIndex())) {
                if (isNonAsciiLetter(tokens.get(j))) {
                    if (firstBad == null) {
                        firstBad = tokens.get(j);
                    } else {
                        quiet.add(tokens.get(j));
                    }
                }
                j++;
            }
            if (firstBad == null) {
                out.add(tokens.get(i++));
                continue;
            }
            CommonToken word = new CommonToken(tokens.get(i));
            StringBuilder text = new StringBuilder();
            tokens.subList(i, j).forEach(t -> text.append(t.getText()));
            word.setType(NnlLexer.ID);
            word.setText(text.toString());
            word.setStopIndex(tokens.get(j - 1).getStopIndex());
            out.add(word);
            i = j;
        }
        return out;
    }

    /** An identifier or keyword. */
    private static final Pattern ASCII_WORD = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private static boolean isWordPart(Token t, boolean first) {
        int type = t.getType();
        boolean word = type != NnlLexer.STRING && type != Token.EOF && ASCII_WORD.matcher(t.getText()).matches();
        return word || type == NnlLexer.NUMBER && !first || isNonAsciiLetter(t);
    }

    private static boolean isNonAsciiLetter(Token t) {
        return t.getType() == NnlLexer.BAD_CHAR && Character.isLetter(t.getText().codePointAt(0))
                && t.getText().codePointAt(0) > 0x7f;
    }

    /** SLL first (fast, almost always enough), full LL only when SLL fails, as ANTLR advises. */
    private static NnlParser.FileContext parseTokens(List<Token> tokens, ErrorCounter counter,
                                                      Offsets offsets, SourceFile source) {
        NnlParser parser = new NnlParser(new CommonTokenStream(new ListTokenSource(tokens)));
        parser.removeErrorListeners();
        parser.getInterpreter().setPredictionMode(PredictionMode.SLL);
        parser.setErrorHandler(new BailOnFirst());
        try {
            return parser.file();
        } catch (ParseCancellationException slowPath) {
            parser = new NnlParser(new CommonTokenStream(new ListTokenSource(tokens)));
            parser.removeErrorListeners();
            parser.addErrorListener(new Listener(counter, offsets, source));
            parser.setErrorHandler(new PlacedMissingTokens());
            parser.getInterpreter().setPredictionMode(PredictionMode.LL);
            return parser.file();
        }
    }

    private static void badChar(Token t, SourceFile source, Offsets offsets, ErrorCounter counter, Set<Integer> invalidUtf8) {
        Span span = offsets.span(source, t);
        if (invalidUtf8.contains(span.start())) {
            // The replacement for an invalid byte, reported as invalid UTF-8 already.
            counter.rememberLexical(span);
            return;
        }
        counter.reportLexical(Code.UNEXPECTED_CHARACTER, span, null, describeChar(t.getText()));
    }

    private static String describeChar(String text) {
        int cp = text.codePointAt(0);
        if (cp < 0x20 || cp == 0x7f) {
            return String.format("U+%04X (a control character)", cp);
        }
        if (cp == 0xFFFD) {
            return "U+FFFD";
        }
        return "`" + text + "`" + (cp > 0x7f ? String.format(" (U+%04X)", cp) : "");
    }

    /** Aborts the SLL attempt at the first error; the LL pass reports properly. */
    private static final class BailOnFirst extends DefaultErrorStrategy {
        @Override
        public void recover(Parser recognizer, RecognitionException e) {
            throw new ParseCancellationException(e);
        }

        @Override
        public Token recoverInline(Parser recognizer) {
            throw new ParseCancellationException(new InputMismatchException(recognizer));
        }

        @Override
        public void sync(Parser recognizer) {
        }
    }

    /**
     * ANTLR conjures a token the input lacks (`model {` gets a missing name) with no position
     * (start index -1). This one sits, zero-width, where the token was expected, so every span
     * built from it is inside the file. It keeps token index -1, which marks it as conjured.
     */
    private static final class PlacedMissingTokens extends DefaultErrorStrategy {
        @Override
        protected Token getMissingSymbol(Parser recognizer) {
            Token missing = super.getMissingSymbol(recognizer);
            Token current = recognizer.getCurrentToken();
            Token before = recognizer.getInputStream().LT(-1);
            int at = current.getType() == Token.EOF && before != null ? before.getStopIndex() + 1 : current.getStartIndex();
            if (missing instanceof CommonToken t && at >= 0) {
                t.setStartIndex(at);
                t.setStopIndex(at - 1);
            }
            return missing;
        }
    }

    /** Turns ANTLR's errors into "expected X, found Y" at the offending token. */
    private static final class Listener extends BaseErrorListener {
        private final ErrorCounter counter;
        private final Offsets offsets;
        private final SourceFile source;
        private int lastErrorStart = -1;

        Listener(ErrorCounter counter, Offsets offsets, SourceFile source) {
            this.counter = counter;
            this.offsets = offsets;
            this.source = source;
        }

        @Override
        public void syntaxError(Recognizer<?, ?> recognizer, Object offendingSymbol, int line, int col,
                                String msg, RecognitionException e) {
            Token t = (Token) offendingSymbol;
            Span span = offsets.span(source, t);
            if (span.start() == lastErrorStart || counter.explainedByLexicalError(span.start())) {
                return;
            }
            lastErrorStart = span.start();
            Parser parser = (Parser) recognizer;
            IntervalSet expected = e instanceof NoViableAltException || e == null
                    ? parser.getExpectedTokens() : e.getExpectedTokens();
            counter.report(Code.SYNTAX, span, TokenNames.describeExpected(expected, parser), TokenNames.describeFound(t));
        }
    }

    /**
     * Reports through the collector (which stops recording a file's diagnostics after
     * {@link Diagnostics#MAX_ERRORS_PER_FILE} errors), and remembers the bad tokens.
     */
    static final class ErrorCounter {
        private final Diagnostics diags;
        private final SourceFile source;
        /** Start and end offsets of the bad tokens (they do not overlap). */
        private final TreeMap<Integer, Integer> lexicalErrors = new TreeMap<>();

        ErrorCounter(Diagnostics diags, SourceFile source) {
            this.diags = diags;
            this.source = source;
        }

        void report(Code code, Span span, Object... args) {
            reportWithHelp(code, span, null, args);
        }

        void reportWithHelp(Code code, Span span, String help, Object... args) {
            diags.report(code, span, args).help(help).emit();
        }

        /** A bad token: reported, and remembered so the parser's complaint about the same spot is not. */
        void reportLexical(Code code, Span span, String help, Object... args) {
            rememberLexical(span);
            reportWithHelp(code, span, help, args);
        }

        void rememberLexical(Span span) {
            lexicalErrors.put(span.start(), span.end());
        }

        /**
         * Whether a syntax error at this offset is only the parser tripping over a bad token
         * already reported: it lies inside that token or right after it (an unterminated string
         * or comment ends where the line or the file does).
         */
        boolean explainedByLexicalError(int offset) {
            Map.Entry<Integer, Integer> before = lexicalErrors.floorEntry(offset);
            return before != null && offset <= before.getValue();
        }

        Diagnostics diagnostics() {
            return diags;
        }

        SourceFile source() {
            return source;
        }
    }

    /**
     * ANTLR indexes characters by code point; spans use UTF-16 offsets (as LSP does). The two
     * differ only after a character outside the BMP, so the table exists only then.
     */
    static final class Offsets {
        private final int[] utf16ByCodePoint;

        Offsets(String text) {
            boolean surrogates = false;
            for (int i = 0; i < text.length() && !surrogates; i++) {
                surrogates = Character.isSurrogate(text.charAt(i));
            }
            if (!surrogates) {
                utf16ByCodePoint = null;
                return;
            }
            int n = text.codePointCount(0, text.length());
            utf16ByCodePoint = new int[n + 1];
            int u = 0;
            for (int cp = 0; cp < n; cp++) {
                utf16ByCodePoint[cp] = u;
                u += Character.charCount(text.codePointAt(u));
            }
            utf16ByCodePoint[n] = u;
        }

        int utf16(int codePointIndex) {
            if (utf16ByCodePoint == null) {
                return codePointIndex;
            }
            int i = Math.max(0, Math.min(codePointIndex, utf16ByCodePoint.length - 1));
            return utf16ByCodePoint[i];
        }

        Span span(SourceFile source, Token t) {
            if (t.getType() == Token.EOF) {
                int end = source.text().length();
                return source.span(end, end);
            }
            int start = utf16(t.getStartIndex());
            int end = utf16(t.getStopIndex() + 1);
            return source.span(start, Math.max(start, end));
        }

        Span span(SourceFile source, Token first, Token last) {
            Span a = span(source, first);
            if (last == null || last.getType() == Token.EOF || last.getTokenIndex() < first.getTokenIndex()) {
                return a;
            }
            return a.to(span(source, last));
        }
    }

}
