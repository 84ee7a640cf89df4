package dev.nnl.runtime.io;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * The temporary files of {@link AtomicFiles}: {@code .NAME.PID.N.tmp} beside the target
 * {@code NAME}, where PID is the writing process and N is random. A kill during a save leaves
 * one behind; the next write of the same target removes it.
 *
 * <p>Only files of that exact form, for that target, are touched, and only stale ones:
 * <ul>
 * <li>its process is no longer running: the save it was part of can never finish;</li>
 * <li>or it has not changed for {@link #ABANDONED}, whoever made it: a save takes seconds, so
 * such a file is left over even if its PID now belongs to another process. This also covers
 * files of the form {@code .NAME.N.tmp}, which nnl wrote before the PID was part of the name.</li>
 * </ul>
 * A concurrent writer of the same target is a running process, so its temporary file stays and
 * its rename still succeeds (the last rename wins, each leaving a whole file). The PID means
 * something only on this machine: two machines writing one target on a shared network folder
 * could remove each other's file mid-write, and that save then fails with an error; nothing is
 * ever left half-written.
 */
final class TempFiles {
    static final Duration ABANDONED = Duration.ofHours(1);
    private static final String SUFFIX = ".tmp";

    private TempFiles() {
    }

    /** A new, private temporary file for {@code name} in {@code dir}. */
    static Path create(Path dir, String name) throws IOException {
        return Files.createTempFile(dir, prefix(name) + ProcessHandle.current().pid() + ".", SUFFIX);
    }

    /** Deletes the stale temporary files of {@code name} in {@code dir}; best effort, never fails a write. */
    static void removeStale(Path dir, String name) {
        String prefix = prefix(name);
        DirectoryStream.Filter<Path> ours = p -> owner(p.getFileName().toString(), prefix) != null;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, ours)) {
            for (Path p : files) {
                if (stale(p, owner(p.getFileName().toString(), prefix))) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException | SecurityException e) {
            // Cleaning up is a courtesy: a folder we cannot list or a file another writer just
            // removed must not stop the write itself.
        }
    }

    private static String prefix(String name) {
        return "." + name + ".";
    }

    /**
     * The writer's PID of one of our temporary files for this target ({@code -1} when the name
     * predates PIDs), or null when the file is not one of ours.
     */
    static Long owner(String file, String prefix) {
        if (!file.startsWith(prefix) || !file.endsWith(SUFFIX) || file.length() <= prefix.length() + SUFFIX.length()) {
            return null;
        }
        String[] parts = file.substring(prefix.length(), file.length() - SUFFIX.length()).split("\\.", -1);
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 19 || !part.chars().allMatch(Character::isDigit)) {
                return null;
            }
        }
        return parts.length == 1 ? Long.valueOf(-1) : parts.length == 2 ? Long.valueOf(parts[0]) : null;
    }

    private static boolean stale(Path p, long pid) throws IOException {
        if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        if (pid >= 0 && pid != ProcessHandle.current().pid() && ProcessHandle.of(pid).isEmpty()) {
            return true;
        }
        Instant modified = Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).toInstant();
        return modified.isBefore(Instant.now().minus(ABANDONED));
    }
}
