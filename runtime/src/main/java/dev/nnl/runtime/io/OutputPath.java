package dev.nnl.runtime.io;

import dev.nnl.runtime.NnlException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Objects;

/**
 * The check every command runs on a file it is asked to write ({@code -o}, {@code --plot}) before
 * it does any work: the file must not be one the command reads or writes elsewhere (so
 * {@code nnlc train m.nnl -o m.nnl} cannot replace its own source with a zip, nor
 * {@code predict m.nnlz in.csv -o m.nnlz} its model with CSV), and {@link AtomicFiles} must be
 * able to write it (so a read-only folder is reported before the first epoch, not after it).
 */
public final class OutputPath {
    private OutputPath() {
    }

    /**
     * Refuses {@code target} when it is the same file as one of {@code others} (compared as real
     * files: through links, relative paths and {@code ..}; files yet to be written by their
     * absolute paths), then when it cannot be written.
     * Nulls in {@code others} are skipped; a null target is no output at all.
     *
     * @throws NnlException an input error (exit 1) for the same file, an I/O error (exit 3) when
     *     the file cannot be written; the message names the path
     */
    public static void check(Path target, Collection<Path> others) throws NnlException {
        if (target == null) {
            return;
        }
        for (Path other : others.stream().filter(Objects::nonNull).toList()) {
            if (sameFile(target, other)) {
                String which = other.equals(target) ? "this command also reads or writes it"
                        : "it is the same file as " + other + ", which this command also reads or writes";
                throw new NnlException("cannot write " + target + ": " + which + "; choose another output file", false);
            }
        }
        try {
            AtomicFiles.checkWritable(target);
        } catch (IOException e) {
            throw new NnlException("cannot write " + target + ": " + e.getMessage(), true);
        }
    }

    private static boolean sameFile(Path a, Path b) {
        try {
            return Files.exists(a) && Files.exists(b) ? Files.isSameFile(a, b)
                    : a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
        } catch (IOException | SecurityException e) {
            // A file we cannot inspect cannot be compared; the write itself will report it.
            return false;
        }
    }
}
