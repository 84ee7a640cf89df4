package dev.nnl.cli;

/** The exit codes, as docs/cli.md lists them. */
public final class ExitCode {
    public static final int OK = 0;
    /** Errors in the input (diagnostics with severity error). */
    public static final int INPUT = 1;
    /** {@code nnlc diff}: the two versions differ in more than formatting and comments. */
    public static final int CHANGES = 1;
    public static final int USAGE = 2;
    /** A file could not be read or written. */
    public static final int IO = 3;
    /** A bug in nnl. */
    public static final int INTERNAL = 4;
    /** {@code nnlc train} stopped with Ctrl-C after saving a checkpoint, as shells report SIGINT. */
    public static final int INTERRUPTED = 130;

    private ExitCode() {
    }
}
