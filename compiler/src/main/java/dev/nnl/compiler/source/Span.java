package dev.nnl.compiler.source;

/** A half-open range {@code [start, end)} of UTF-16 offsets into one {@link SourceFile}'s text. */
public record Span(SourceFile file, int start, int end) {
    public Span {
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("bad span " + start + ".." + end);
        }
    }

    /** The smallest span covering both; both must be in the same file. */
    public Span to(Span other) {
        return new Span(file, Math.min(start, other.start), Math.max(end, other.end));
    }

    public String text() {
        return file.text().substring(start, Math.min(end, file.text().length()));
    }

    public Position startPosition() {
        return file.position(start);
    }

    public Position endPosition() {
        return file.position(end);
    }

    @Override
    public String toString() {
        Position p = startPosition();
        return file.name() + ":" + (p.line() + 1) + ":" + (p.character() + 1);
    }
}
