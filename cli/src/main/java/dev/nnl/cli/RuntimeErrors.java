package dev.nnl.cli;

import dev.nnl.runtime.artifact.ArtifactException;
import dev.nnl.runtime.data.DataException;
import java.io.PrintWriter;

/** Data and artifact problems as the CLI reports them: the message, and exit 3 for I/O, 1 otherwise. */
final class RuntimeErrors {
    private RuntimeErrors() {
    }

    static int report(DataException e, PrintWriter err) {
        return report(e.getMessage(), e.isIo(), err);
    }

    static int report(ArtifactException e, PrintWriter err) {
        return report(e.getMessage(), e.isIo(), err);
    }

    private static int report(String message, boolean io, PrintWriter err) {
        err.println("error: " + message);
        err.flush();
        return io ? ExitCode.IO : ExitCode.INPUT;
    }
}
