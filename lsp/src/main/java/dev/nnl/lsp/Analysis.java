package dev.nnl.lsp;

import dev.nnl.compiler.Compilation;
import dev.nnl.compiler.Compiler;
import dev.nnl.compiler.parse.Lexemes;
import dev.nnl.compiler.source.SourceFile;
import dev.nnl.compiler.source.Span;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.lsp4j.Location;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;

/**
 * One version of an open document, checked. Every feature answers from one of these, so hover,
 * completion and diagnostics always agree about the text they describe.
 */
final class Analysis {
    private final String uri;
    private final int version;
    private final SourceFile source;
    private final Compilation compilation;
    /** The tokens, made on the first completion and reused until the next edit. */
    private List<Lexemes.Lexeme> lexemes;

    Analysis(String uri, int version, SourceFile source, Compilation compilation) {
        this.uri = uri;
        this.version = version;
        this.source = source;
        this.compilation = compilation;
    }

    String uri() {
        return uri;
    }

    int version() {
        return version;
    }

    SourceFile source() {
        return source;
    }

    Compilation compilation() {
        return compilation;
    }

    /** Only the server's worker thread asks, so the lazy field needs no lock. */
    List<Lexemes.Lexeme> lexemes() {
        if (lexemes == null) {
            lexemes = Lexemes.of(source.text());
        }
        return lexemes;
    }

    /** Checks the text as the file at {@code uri} (imports resolve against its folder on disk). */
    static Analysis of(String uri, int version, String text) {
        Path path = pathOf(uri);
        String name = path != null && path.getFileName() != null ? path.getFileName().toString() : uri;
        SourceFile source = SourceFile.fromText(name, path, text);
        return new Analysis(uri, version, source, Compiler.compile(source));
    }

    static Path pathOf(String uri) {
        try {
            URI u = URI.create(uri);
            return "file".equals(u.getScheme()) ? Path.of(u) : null;
        } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
            return null;
        }
    }

    /** The UTF-16 offset of an LSP position, clamped into the text. */
    int offset(Position p) {
        int line = Math.max(0, Math.min(p.getLine(), source.lineCount() - 1));
        return source.lineStart(line) + Math.max(0, Math.min(p.getCharacter(), source.line(line).length()));
    }

    static Position position(SourceFile file, int offset) {
        dev.nnl.compiler.source.Position p = file.position(offset);
        return new Position(p.line(), p.character());
    }

    static Range range(Span span) {
        return new Range(position(span.file(), span.start()), position(span.file(), span.end()));
    }

    boolean inThisFile(Span span) {
        return span.file() == source;
    }

    /** Where a span is, for spans in this document or in a file it imports. */
    Location location(Span span) {
        String target = inThisFile(span) || span.file().path() == null ? uri
                : span.file().path().toAbsolutePath().normalize().toUri().toString();
        return new Location(target, range(span));
    }
}
