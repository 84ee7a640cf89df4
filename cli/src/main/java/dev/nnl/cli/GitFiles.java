package dev.nnl.cli;

import dev.nnl.compiler.source.RegularFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The old side of {@code nnlc diff --git}: file texts at a revision, read by running {@code git}
 * (never a library: the user's own git, with their configuration, decides what a revision means).
 * Each failure is a {@link GitException} with the message and exit code docs/diff.md lists.
 */
final class GitFiles {
    private GitFiles() {
    }

    /** A failure: not a repository or an unknown revision (usage, 2), git missing or failing (I/O, 3). */
    static final class GitException extends Exception {
        final int exitCode;

        GitException(String message, int exitCode) {
            super(message);
            this.exitCode = exitCode;
        }
    }

    /** Checks that {@code dir} is in a git work tree and {@code rev} names a commit there. */
    static void checkRevision(Path dir, String rev) throws GitException {
        Result inside = run(dir, "rev-parse", "--is-inside-work-tree");
        if (inside.code != 0) {
            throw new GitException(dir + " is not in a git repository (" + firstLine(inside.err) + "); --git needs one", ExitCode.USAGE);
        }
        if (rev.startsWith("-") || run(dir, "rev-parse", "--verify", "--quiet", rev + "^{commit}").code != 0) {
            throw new GitException("unknown revision `" + rev + "` in " + dir, ExitCode.USAGE);
        }
    }

    /** The {@code .nnl} files under {@code dir} that differ from {@code rev} (deleted ones left out), relative to {@code dir}. */
    static List<String> changed(Path dir, String rev) throws GitException {
        Result r = run(dir, "diff", "--name-only", "--relative", "--diff-filter=d", rev, "--", "*.nnl");
        if (r.code != 0) {
            throw new GitException("git diff failed: " + firstLine(r.err), ExitCode.IO);
        }
        List<String> out = new ArrayList<>();
        for (String line : new String(r.out, StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) {
                out.add(line);
            }
        }
        return out;
    }

    /** The file's bytes at {@code rev}, or null when the file did not exist there. */
    static byte[] show(Path file, String rev) throws GitException {
        Path abs = file.toAbsolutePath().normalize();
        Path dir = abs.getParent();
        String spec = rev + ":./" + abs.getFileName();
        if (run(dir, "cat-file", "-e", spec).code != 0) {
            return null;
        }
        Result r = run(dir, "show", spec);
        if (r.code != 0) {
            throw new GitException("git show " + spec + " failed: " + firstLine(r.err), ExitCode.IO);
        }
        if (r.out.length > RegularFiles.MAX_SOURCE_BYTES) {
            throw new GitException(file + " at " + rev + ": is larger than " + (RegularFiles.MAX_SOURCE_BYTES >> 20) + " MiB", ExitCode.IO);
        }
        return r.out;
    }

    private record Result(int code, byte[] out, String err) {
    }

    private static Result run(Path dir, String... args) throws GitException {
        List<String> command = new ArrayList<>(List.of("git", "-C", dir.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        Map<String, String> env = pb.environment();
        // English messages, and never a prompt for credentials: this runs in hooks and CI.
        env.put("LC_ALL", "C");
        env.put("GIT_TERMINAL_PROMPT", "0");
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new GitException("cannot run git (is it installed and on the PATH?): " + e.getMessage(), ExitCode.IO);
        }
        try (InputStream stdout = p.getInputStream(); InputStream stderr = p.getErrorStream()) {
            p.getOutputStream().close();
            // One byte past the source cap is enough to refuse; git's messages are short.
            byte[] out = stdout.readNBytes((int) RegularFiles.MAX_SOURCE_BYTES + 1);
            if (out.length > RegularFiles.MAX_SOURCE_BYTES) {
                p.destroy();
                return new Result(0, out, "");
            }
            String err = new String(stderr.readNBytes(64 * 1024), StandardCharsets.UTF_8);
            return new Result(p.waitFor(), out, err);
        } catch (IOException e) {
            throw new GitException("cannot read git's output: " + e.getMessage(), ExitCode.IO);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroy();
            throw new GitException("interrupted while running git", ExitCode.IO);
        }
    }

    private static String firstLine(String s) {
        String t = s.strip();
        int nl = t.indexOf('\n');
        return nl < 0 ? t : t.substring(0, nl);
    }
}
