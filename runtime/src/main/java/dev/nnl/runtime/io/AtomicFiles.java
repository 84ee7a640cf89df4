package dev.nnl.runtime.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Every file nnl writes (artifacts, checkpoints, formatted sources, predictions, plots, SameDiff
 * graphs, CSV logs) is written whole or not at all: into a temporary file beside the target,
 * flushed to disk, then renamed over it. A crash or Ctrl-C mid-write leaves the old file as it
 * was, never a half-written one; {@link TempFiles} removes the temporary file such a crash leaves.
 *
 * <p><b>Symbolic links:</b> the path given is the file replaced. A symbolic link there is replaced
 * by the new file, live or dangling, and whatever it pointed to is left untouched, as
 * {@code rename(2)}, {@code sed -i} and other tools that write by renaming do. Following the
 * link instead would let a link planted where an output goes (a shared folder, an unpacked
 * archive) overwrite any file its user can write. A caller that means the file behind a link
 * resolves it first ({@code nnlc fmt} does: it rewrites the files it reads).
 *
 * <p>Errors name the reason ("permission denied", "is a directory"), never the temporary file.
 */
public final class AtomicFiles {
    /** Writes the content to the stream it is given. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private static final Set<PosixFilePermission> ORDINARY = PosixFilePermissions.fromString("rw-r--r--");

    private AtomicFiles() {
    }

    public static void write(Path target, byte[] bytes) throws IOException {
        write(target, out -> out.write(bytes));
    }

    /**
     * Replaces {@code target} with what {@code content} writes. A regular file keeps the
     * permissions it had; a new one (or one that replaces a link) gets rw-r--r--, like any file a
     * program saves, rather than the temporary file's private ones.
     *
     * @throws IOException with the reason alone as its message ("permission denied") when the
     *     file cannot be written, or what {@code content} threw
     */
    public static void write(Path target, Content content) throws IOException {
        try {
            writeAll(Map.of(target, content));
        } catch (Failed e) {
            // The reason alone, or what content threw, as before there was writeAll.
            throw (IOException) e.getCause();
        }
    }

    /** Which of several files {@link #writeAll} could not write, and why (the reason alone, as {@link #write} gives it). */
    public static final class Failed extends IOException {
        private final transient Path target;

        Failed(Path target, IOException cause) {
            super(cause.getMessage(), cause);
            this.target = target;
        }

        /** The file, as given to {@link #writeAll}. */
        public Path target() {
            return target;
        }
    }

    /**
     * Replaces several files, all or none, as {@link #write} replaces one: each is written to its
     * temporary file and flushed to disk first, and only when every one is complete are they renamed
     * over their targets, in the map's order. An error or a crash while writing leaves every target
     * as it was. (Renames within a folder do not fail once the temporary file exists there, short
     * of the folder itself changing; only then could some targets be replaced and not others.)
     *
     * @throws Failed naming the file that could not be written, with the reason alone as its message
     */
    public static void writeAll(Map<Path, Content> contents) throws Failed {
        Map<Path, Path> staged = new LinkedHashMap<>();
        try {
            for (Map.Entry<Path, Content> e : contents.entrySet()) {
                try {
                    Path file = e.getKey().toAbsolutePath();
                    Path dir = folder(file);
                    TempFiles.removeStale(dir, file.getFileName().toString());
                    Path tmp = create(dir, file);
                    staged.put(e.getKey(), tmp);
                    stage(tmp, file, e.getValue());
                } catch (FileSystemException x) {
                    throw new Failed(e.getKey(), new IOException(reason(x), x));
                } catch (IOException x) {
                    throw new Failed(e.getKey(), x);
                }
            }
            for (Map.Entry<Path, Path> e : staged.entrySet()) {
                try {
                    move(e.getValue(), e.getKey().toAbsolutePath());
                } catch (FileSystemException x) {
                    throw new Failed(e.getKey(), new IOException(reason(x), x));
                } catch (IOException x) {
                    throw new Failed(e.getKey(), x);
                }
            }
        } finally {
            for (Path tmp : staged.values()) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // TempFiles.removeStale clears it on the next write to that file.
                }
            }
        }
    }

    /** Writes the content to {@code tmp}, flushes it to disk and gives it the permissions {@code file} will keep. */
    private static void stage(Path tmp, Path file, Content content) throws IOException {
        try (OutputStream out = Files.newOutputStream(tmp)) {
            content.writeTo(out);
        }
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        try {
            Files.setPosixFilePermissions(tmp, Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
                    ? Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS) : ORDINARY);
        } catch (UnsupportedOperationException notPosix) {
            // Not a POSIX file system: keep its default permissions.
        }
    }

    private static void move(Path tmp, Path file) throws IOException {
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * Whether {@link #write} could replace {@code target}, found by creating (and deleting) the
     * temporary file a write would: run before long work, so a bad output path never costs an
     * epoch of training. Creates missing parent folders, as a write would.
     *
     * @throws IOException with the reason alone as its message when it could not
     */
    public static void checkWritable(Path target) throws IOException {
        Path file = target.toAbsolutePath();
        Files.delete(create(folder(file), file));
    }

    /** The folder the file goes in, created if missing; refuses a target that is a folder or a device. */
    private static Path folder(Path file) throws IOException {
        if (Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException("is a directory");
        }
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
                && !Files.isSymbolicLink(file)) {
            // Renaming over /dev/null or a FIFO would replace the device node itself.
            throw new IOException("not a regular file (nnl replaces whole files, so it does not write to devices or pipes)");
        }
        Path dir = file.getParent();
        try {
            Files.createDirectories(dir);
        } catch (FileAlreadyExistsException e) {
            throw new IOException(e.getFile() + " is not a directory", e);
        } catch (NoSuchFileException e) {
            throw new IOException("no such directory " + e.getFile(), e);
        } catch (FileSystemException e) {
            throw new IOException(reason(e), e);
        }
        return dir;
    }

    private static Path create(Path dir, Path file) throws IOException {
        try {
            return TempFiles.create(dir, file.getFileName().toString());
        } catch (AccessDeniedException e) {
            throw new IOException("permission denied", e);
        } catch (NoSuchFileException e) {
            // A folder that refuses new files without saying why, as /proc does.
            throw new IOException("cannot create files in " + dir, e);
        } catch (FileSystemException e) {
            throw new IOException(reason(e), e);
        }
    }

    /** "permission denied", "no space left on device": the reason without the file name, which may be a temporary file's. */
    private static String reason(FileSystemException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "no such directory";
        }
        String r = e.getReason() != null ? e.getReason() : e.getClass().getSimpleName();
        return r.isEmpty() ? r : r.substring(0, 1).toLowerCase(Locale.ROOT) + r.substring(1);
    }
}
