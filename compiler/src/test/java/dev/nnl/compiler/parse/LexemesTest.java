package dev.nnl.compiler.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nnl.compiler.parse.Lexemes.Kind;
import dev.nnl.compiler.parse.Lexemes.Lexeme;
import java.util.List;
import org.junit.jupiter.api.Test;

class LexemesTest {
    @Test
    void everyTokenButSpaceWithUtf16OffsetsLikeSpans() {
        String text = "// 🙂 ok\nmodel M { Dense(4, activation=\"x\") }";
        List<Lexeme> l = Lexemes.of(text);
        assertEquals(new Lexeme(Kind.COMMENT, "// 🙂 ok", 0, 8), l.get(0));
        assertEquals(Kind.NEWLINE, l.get(1).kind());
        // After the emoji (two UTF-16 units), offsets count UTF-16 units, as LSP positions do.
        assertEquals(new Lexeme(Kind.KEYWORD, "model", 9, 14), l.get(2));
        assertEquals(text.indexOf("Dense"), l.get(5).start());
        assertEquals(List.of(Kind.NAME, Kind.PUNCT, Kind.NUMBER, Kind.PUNCT, Kind.NAME, Kind.PUNCT, Kind.STRING, Kind.PUNCT, Kind.PUNCT),
                l.subList(5, 14).stream().map(Lexeme::kind).toList());
    }

    @Test
    void brokenTextStillLexes() {
        List<Lexeme> l = Lexemes.of("Dense(\"open\n#");
        assertEquals(Kind.STRING, l.get(2).kind());
        assertEquals(Kind.ERROR, l.get(l.size() - 1).kind());
    }
}
