package dev.nnl.compiler.source;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SourceFileTest {
    @Test
    void codePointCountFromTheIndexIsStringsCount() {
        // Emoji (surrogate pairs), lone halves of pairs and line breaks, at random.
        String[] pieces = {"a", "é", "\uD83D\uDE00", "\uD83D", "\uDE00", "\n", "\r\n", "\t"};
        Random random = new Random(7);
        for (int round = 0; round < 100; round++) {
            StringBuilder sb = new StringBuilder();
            int n = random.nextInt(30);
            for (int i = 0; i < n; i++) {
                sb.append(pieces[random.nextInt(pieces.length)]);
            }
            String text = sb.toString();
            SourceFile file = SourceFile.of("r.nnl", text);
            for (int from = 0; from <= text.length(); from++) {
                for (int to = from; to <= text.length(); to++) {
                    assertEquals(text.codePointCount(from, to), file.codePointCount(from, to),
                            "[" + from + ", " + to + ") of " + text.codePoints().mapToObj(Integer::toHexString).toList());
                }
            }
        }
    }

    @Test
    void lineEndIsWhereTheLineTextEnds() {
        SourceFile file = SourceFile.of("l.nnl", "ab\r\ncd\n\nlast");
        assertEquals(2, file.lineEnd(0));
        assertEquals(6, file.lineEnd(1));
        assertEquals(7, file.lineEnd(2));
        assertEquals(12, file.lineEnd(3));
        for (int line = 0; line < file.lineCount(); line++) {
            assertEquals(file.line(line), file.text().substring(file.lineStart(line), file.lineEnd(line)));
        }
    }
}
