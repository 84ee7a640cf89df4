package dev.nnl.runtime;

import dev.nnl.runtime.io.AtomicFiles;
import dev.nnl.runtime.io.OutputPath;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Collection;

/**
 * Files written as nnl writes its own (docs/cli.md, "Files nnlc writes"): refused before any work
 * when they are one of the run's inputs or cannot be written, and replaced atomically, so a crash
 * never leaves half a file.
 */
public final class OutputFiles {
    /** Writes the content to the stream it is given. */
    @FunctionalInterface
    public interface Content {
        /** Writes the whole file to {@code out}. */
        void writeTo(OutputStream out) throws IOException;
    }

    private OutputFiles() {
    }

    /**
     * Refuses {@code target} when it is one of {@code inputs} (nulls are skipped) or cannot be
     * written. A null target, no output at all, passes.
     *
     * @throws NnlException an input error for an input file, an I/O error when it cannot be
     *     written; the message names the path
     */
    public static void check(Path target, Collection<Path> inputs) throws NnlException {
        OutputPath.check(target, inputs);
    }

    /**
     * Replaces {@code target} with {@code bytes}, atomically; a symbolic link at the path is
     * replaced, not the file it points to.
     *
     * @throws IOException with the reason alone as its message ("permission denied")
     */
    public static void write(Path target, byte[] bytes) throws IOException {
        AtomicFiles.write(target, bytes);
    }

    /** {@link #write(Path, byte[])} with what {@code content} writes. */
    public static void write(Path target, Content content) throws IOException {
        AtomicFiles.write(target, content::writeTo);
    }
}
