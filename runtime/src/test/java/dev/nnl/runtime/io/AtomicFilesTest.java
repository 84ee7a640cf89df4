package dev.nnl.runtime.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path dir;

    @Test
    void aNewFileIsAnOrdinaryFileNotAPrivateTemporaryOne() throws IOException {
        Path f = dir.resolve("sub/out.csv");
        AtomicFiles.write(f, "a,b\n".getBytes(StandardCharsets.UTF_8));
        assertEquals("a,b\n", Files.readString(f));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
    }

    @Test
    void aReplacedFileKeepsItsPermissions() throws IOException {
        Path f = dir.resolve("model.nnl");
        Files.writeString(f, "old");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-x---"));
        AtomicFiles.write(f, "new".getBytes(StandardCharsets.UTF_8));
        assertEquals("new", Files.readString(f));
        assertEquals("rwxr-x---", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
    }

    @Test
    void aLiveSymlinkIsReplacedAndItsTargetLeftAlone() throws IOException {
        Path precious = dir.resolve("precious.txt");
        Files.writeString(precious, "keep me");
        Path link = Files.createSymbolicLink(dir.resolve("out.nnlz"), precious);
        AtomicFiles.write(link, "new".getBytes(StandardCharsets.UTF_8));
        assertFalse(Files.isSymbolicLink(link));
        assertEquals("new", Files.readString(link));
        assertEquals("keep me", Files.readString(precious));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(link)));
    }

    @Test
    void aDanglingSymlinkIsReplacedAndNothingIsCreatedWhereItPointed() throws IOException {
        Path nowhere = dir.resolve("elsewhere/never.txt");
        Path link = Files.createSymbolicLink(dir.resolve("out.csv"), nowhere);
        AtomicFiles.write(link, "new".getBytes(StandardCharsets.UTF_8));
        assertFalse(Files.isSymbolicLink(link));
        assertEquals("new", Files.readString(link));
        assertFalse(Files.exists(nowhere.getParent()));
    }

    @Test
    void aDirectoryOrAFileAsFolderIsRefusedWithItsReason() throws IOException {
        Path sub = Files.createDirectory(dir.resolve("sub"));
        IOException isDir = assertThrows(IOException.class, () -> AtomicFiles.write(sub, new byte[1]));
        assertEquals("is a directory", isDir.getMessage());
        Path file = Files.writeString(dir.resolve("file"), "x");
        IOException notDir = assertThrows(IOException.class, () -> AtomicFiles.checkWritable(file.resolve("out.nnlz")));
        assertEquals(file + " is not a directory", notDir.getMessage());
        IOException proc = assertThrows(IOException.class, () -> AtomicFiles.checkWritable(Path.of("/proc/out.nnlz")));
        assertEquals("cannot create files in /proc", proc.getMessage());
    }

    @Test
    void aReadOnlyFolderIsPermissionDeniedWithoutATemporaryFileName() throws IOException {
        Assumptions.assumeFalse("root".equals(System.getProperty("user.name")), "root may write to read-only folders");
        Path ro = Files.createDirectory(dir.resolve("ro"));
        Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("r-xr-xr-x"));
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(ro.resolve("m.nnlz"), new byte[1]));
        assertEquals("permission denied", e.getMessage());
    }

    @Test
    void staleTemporaryFilesOfTheTargetAreRemovedOnTheNextWrite() throws IOException {
        Path f = dir.resolve("m.nnlz");
        long dead = deadPid();
        Path killed = Files.writeString(dir.resolve(".m.nnlz." + dead + ".123.tmp"), "half");
        Path legacyOld = Files.writeString(dir.resolve(".m.nnlz.4567.tmp"), "half");
        Files.setLastModifiedTime(legacyOld, FileTime.from(Instant.now().minus(Duration.ofHours(2))));
        Path legacyRecent = Files.writeString(dir.resolve(".m.nnlz.89.tmp"), "maybe being written");
        Path live = Files.writeString(dir.resolve(".m.nnlz." + ProcessHandle.current().pid() + ".5.tmp"), "being written");
        Path otherTarget = Files.writeString(dir.resolve(".n.nnlz." + dead + ".1.tmp"), "not ours to judge");
        Path notOurs = Files.writeString(dir.resolve(".m.nnlz.backup.tmp"), "someone else's");
        AtomicFiles.write(f, "new".getBytes(StandardCharsets.UTF_8));
        assertFalse(Files.exists(killed), "its process is gone");
        assertFalse(Files.exists(legacyOld), "untouched for over an hour");
        assertTrue(Files.exists(legacyRecent));
        assertTrue(Files.exists(live), "a running process may still be writing it");
        assertTrue(Files.exists(otherTarget));
        assertTrue(Files.exists(notOurs));
    }

    /** A PID no running process has. */
    private static long deadPid() {
        long pid = 4_000_000;
        while (ProcessHandle.of(pid).isPresent()) {
            pid++;
        }
        return pid;
    }

    @Test
    void aFailedWriteLeavesTheOldFileAndNoTemporaryFile() throws IOException {
        Path f = dir.resolve("weights.nnlz");
        Files.writeString(f, "good");
        assertThrows(IOException.class, () -> AtomicFiles.write(f, out -> {
            out.write("half".getBytes(StandardCharsets.UTF_8));
            throw new IOException("disk full");
        }));
        assertArrayEquals("good".getBytes(StandardCharsets.UTF_8), Files.readAllBytes(f));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
    }

    @Test
    void severalFilesAreWrittenAllOrNone() throws IOException {
        Path a = Files.writeString(dir.resolve("a.npy"), "old a");
        Path b = dir.resolve("b.npy");
        Path c = dir.resolve("c.npy");
        Map<Path, AtomicFiles.Content> failing = new LinkedHashMap<>();
        failing.put(a, out -> out.write("new a".getBytes(StandardCharsets.UTF_8)));
        failing.put(b, out -> out.write("new b".getBytes(StandardCharsets.UTF_8)));
        failing.put(c, out -> {
            out.write("half".getBytes(StandardCharsets.UTF_8));
            throw new IOException("no space left on device");
        });
        AtomicFiles.Failed e = assertThrows(AtomicFiles.Failed.class, () -> AtomicFiles.writeAll(failing));
        assertEquals(c, e.target());
        assertEquals("no space left on device", e.getMessage());
        assertEquals("old a", Files.readString(a), "a written file is replaced only once every file is complete");
        assertFalse(Files.exists(b));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }

        failing.put(c, out -> out.write("new c".getBytes(StandardCharsets.UTF_8)));
        AtomicFiles.writeAll(failing);
        assertEquals("new a" + "new b" + "new c", Files.readString(a) + Files.readString(b) + Files.readString(c));
    }
}
