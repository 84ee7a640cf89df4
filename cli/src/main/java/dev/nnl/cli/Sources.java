package dev.nnl.cli;

import dev.nnl.compiler.source.RegularFiles;
import dev.nnl.compiler.source.SourceFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads a source file (or standard input for {@code -}); failures become {@link SourceException}. */
final class Sources {
    private Sources() {
    }

    static SourceFile read(String arg, String stdinName, InputStream stdin) throws SourceException {
        return readBytes(arg, stdinName, stdin).decode();
    }

    /** A source as it is on disk (or on standard input): {@code nnlc fmt} compares bytes. */
    record Input(String name, Path path, byte[] bytes) {
        SourceFile decode() {
            return SourceFile.decode(name, path, bytes);
        }
    }

    static Input readBytes(String arg, String stdinName, InputStream stdin) throws SourceException {
        try {
            if (arg.equals("-")) {
                byte[] bytes = stdin.readNBytes((int) RegularFiles.MAX_SOURCE_BYTES + 1);
                if (bytes.length > RegularFiles.MAX_SOURCE_BYTES) {
                    throw new SourceException(stdinName + ": is larger than " + (RegularFiles.MAX_SOURCE_BYTES >> 20) + " MiB");
                }
                return new Input(stdinName, null, bytes);
            }
            Path p = Path.of(arg);
            if (Files.isDirectory(p)) {
                throw new SourceException(arg + ": is a directory, not a .nnl file");
            }
            return new Input(arg, p, RegularFiles.readSource(p));
        } catch (RegularFiles.Refused e) {
            throw new SourceException(arg + ": " + e.reason());
        } catch (NoSuchFileException e) {
            throw new SourceException(arg + ": no such file");
        } catch (AccessDeniedException e) {
            throw new SourceException(arg + ": permission denied");
        } catch (IOException | java.nio.file.InvalidPathException e) {
            throw new SourceException(arg + ": cannot read: " + e.getMessage());
        }
    }

    /** An unreadable input: exit code 3. */
    static final class SourceException extends Exception {
        SourceException(String message) {
            super(message);
        }
    }
}
