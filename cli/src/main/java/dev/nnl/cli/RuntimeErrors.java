package dev.nnl.cli;

import dev.nnl.runtime.NnlException;
import java.io.PrintWriter;

/** Data, artifact and export problems as the CLI reports them: the message, and exit 3 for I/O, 1 otherwise. */
final class RuntimeErrors {
    private RuntimeErrors() {
    }

    static int report(NnlException e, PrintWriter err) {
        err.println("error: " + e.getMessage());
        err.flush();
        return e.isIo() ? ExitCode.IO : ExitCode.INPUT;
    }
}
