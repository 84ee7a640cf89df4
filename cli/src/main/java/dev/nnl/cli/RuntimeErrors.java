package dev.nnl.cli;

import dev.nnl.runtime.NnlException;
import java.io.PrintWriter;

/**
 * Data, artifact and export problems as the CLI reports them: the message, and exit 3 for I/O, 1
 * otherwise; and the runtime's warnings about data it read, which do not stop the command.
 */
final class RuntimeErrors {
    private RuntimeErrors() {
    }

    static int report(NnlException e, PrintWriter err) {
        err.println("error: " + e.getMessage());
        err.flush();
        return e.isIo() ? ExitCode.IO : ExitCode.INPUT;
    }

    static void warn(java.util.List<String> warnings, PrintWriter err) {
        for (String w : warnings) {
            err.println("warning: " + w);
        }
        err.flush();
    }
}
