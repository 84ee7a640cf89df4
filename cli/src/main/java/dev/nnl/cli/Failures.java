package dev.nnl.cli;

import dev.nnl.runtime.NnlException;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine;

/**
 * The one place that turns what a command throws into a message and an exit code: a data,
 * artifact or export problem ({@link NnlException}) is its message and exit 3 for I/O, 1
 * otherwise; anything else is a bug in nnl, exit 4, with the stack trace under {@code --verbose}.
 */
final class Failures implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception ex, CommandLine cl, CommandLine.ParseResult parsed) {
        PrintWriter err = cl.getErr();
        if (ex instanceof NnlException e) {
            err.println("error: " + e.getMessage());
            err.flush();
            return e.isIo() ? ExitCode.IO : ExitCode.INPUT;
        }
        err.println("internal error: " + ex);
        if (verbose(parsed)) {
            ex.printStackTrace(err);
        } else {
            err.println("this is a bug in nnl; run again with --verbose for the stack trace and report it");
        }
        return ExitCode.INTERNAL;
    }

    /** An output file that could not be written: an I/O error that names it. */
    static NnlException cannotWrite(Path target, Exception e) {
        return new NnlException("cannot write " + target + ": " + e.getMessage(), true);
    }

    /** {@code parsed} is the whole command line's: --verbose may come before or after the command. */
    private static boolean verbose(CommandLine.ParseResult parsed) {
        return parsed.hasMatchedOption("--verbose") || parsed.subcommands().stream().anyMatch(p -> p.hasMatchedOption("--verbose"));
    }
}
