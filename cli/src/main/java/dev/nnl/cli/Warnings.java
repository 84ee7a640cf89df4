package dev.nnl.cli;

import java.io.PrintWriter;
import java.util.function.Consumer;

/** The runtime's warnings about data it read, which do not stop the command. */
final class Warnings {
    private Warnings() {
    }

    /** Prints each warning to {@code err} as it comes, so it precedes an error the same data causes. */
    static Consumer<String> to(PrintWriter err) {
        return w -> {
            err.println("warning: " + w);
            err.flush();
        };
    }
}
