package dev.nnl.compiler.source;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The decoded text of one source file with its line index.
 *
 * <p>Decoding never fails: invalid UTF-8 becomes U+FFFD and the offsets of the bad bytes are kept
 * so the checker can report them where they are. A leading BOM is dropped. LF, CRLF and a lone CR
 * all end a line.
 */
public final class SourceFile {
    private final String name;
    private final Path path;
    private final String text;
    private final int[] lineStarts;
    /**
     * Offsets of the first half of every surrogate pair (code points outside the BMP: emoji),
     * made on first use: only a file with diagnostics to print needs it.
     */
    private volatile int[] pairStarts;
    private final List<Integer> invalidUtf8Offsets;

    private SourceFile(String name, Path path, String text, List<Integer> invalidUtf8Offsets) {
        this.name = name;
        this.path = path;
        this.text = text;
        this.lineStarts = indexLines(text);
        this.invalidUtf8Offsets = List.copyOf(invalidUtf8Offsets);
    }

    /** A file from text already in memory (tests, the language server). */
    public static SourceFile of(String name, String text) {
        return fromText(name, null, text);
    }

    public static SourceFile fromText(String name, Path path, String text) {
        String t = text.startsWith("\uFEFF") ? text.substring(1) : text;
        return new SourceFile(name, path, t, List.of());
    }

    /** Decodes bytes as UTF-8, recording where invalid sequences were replaced. */
    public static SourceFile decode(String name, Path path, byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length + 1);
        List<Integer> bad = new ArrayList<>();
        while (true) {
            CoderResult r = decoder.decode(in, out, true);
            if (r.isUnderflow()) {
                decoder.flush(out);
                break;
            }
            if (r.isError()) {
                bad.add(out.position());
                out.put('\uFFFD');
                in.position(in.position() + r.length());
            } else {
                throw new IllegalStateException(new CharacterCodingException());
            }
        }
        out.flip();
        String text = out.toString();
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
            bad.replaceAll(o -> o - 1);
        }
        return new SourceFile(name, path, text, bad);
    }

    private static int[] indexLines(String text) {
        int[] starts = new int[16];
        int n = 0;
        starts[n++] = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                if (n == starts.length) {
                    starts = Arrays.copyOf(starts, n * 2);
                }
                starts[n++] = i + 1;
            }
        }
        return Arrays.copyOf(starts, n);
    }

    private static int[] indexPairs(String text) {
        int[] starts = new int[0];
        int n = 0;
        for (int i = 0; i + 1 < text.length(); i++) {
            if (Character.isHighSurrogate(text.charAt(i)) && Character.isLowSurrogate(text.charAt(i + 1))) {
                if (n == starts.length) {
                    starts = Arrays.copyOf(starts, Math.max(16, n * 2));
                }
                starts[n++] = i++;
            }
        }
        return Arrays.copyOf(starts, n);
    }

    public String name() {
        return name;
    }

    /** The file on disk, or null for standard input and in-memory text. */
    public Path path() {
        return path;
    }

    public String text() {
        return text;
    }

    public List<Integer> invalidUtf8Offsets() {
        return invalidUtf8Offsets;
    }

    public int lineCount() {
        return lineStarts.length;
    }

    public Position position(int offset) {
        int o = Math.max(0, Math.min(offset, text.length()));
        int line = Arrays.binarySearch(lineStarts, o);
        if (line < 0) {
            line = -line - 2;
        }
        return new Position(line, o - lineStarts[line]);
    }

    /** The text of a 0-based line without its terminator. */
    public String line(int line) {
        return text.substring(lineStarts[line], lineEnd(line));
    }

    public int lineStart(int line) {
        return lineStarts[line];
    }

    /** Where a 0-based line's text ends: the offset of its terminator, or the end of the file. */
    public int lineEnd(int line) {
        int start = lineStarts[line];
        int end = line + 1 < lineStarts.length ? lineStarts[line + 1] : text.length();
        while (end > start && (text.charAt(end - 1) == '\n' || text.charAt(end - 1) == '\r')) {
            end--;
        }
        return end;
    }

    /**
     * {@code text().codePointCount(from, to)} from the index, without walking the text: renderers
     * ask it once per diagnostic, and on a long line the walk made their output quadratic.
     */
    public int codePointCount(int from, int to) {
        int[] pairs = pairStarts;
        if (pairs == null) {
            pairs = indexPairs(text);
            pairStarts = pairs;
        }
        // Pairs that lie wholly inside [from, to) count once; a half pair at `to` counts as one.
        int inside = lowerBound(pairs, to - 1) - lowerBound(pairs, from);
        return to - from - Math.max(0, inside);
    }

    /** The index of the first element at least {@code key}. */
    private static int lowerBound(int[] sorted, int key) {
        int i = Arrays.binarySearch(sorted, key);
        return i < 0 ? -i - 1 : i;
    }

    public Span span(int start, int end) {
        return new Span(this, start, end);
    }

    @Override
    public String toString() {
        return name;
    }
}
