package dev.nnl.cli;

import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicBoolean;
import sun.misc.Signal;

/**
 * Ctrl-C during training: the first one asks the trainer to stop after the current batch and
 * save a resumable checkpoint; a second one exits at once (the last saved file stays intact,
 * since artifacts are written atomically).
 */
final class Interrupts {
    private Interrupts() {
    }

    static void onInterrupt(AtomicBoolean stop, PrintWriter err) {
        try {
            Signal.handle(new Signal("INT"), sig -> {
                if (stop.getAndSet(true)) {
                    err.println("\ninterrupted again: exiting without saving");
                    err.flush();
                    Runtime.getRuntime().halt(ExitCode.INTERRUPTED);
                }
                err.println("\nstopping after this batch (Ctrl-C again to quit now)…");
                err.flush();
            });
        } catch (IllegalArgumentException unsupported) {
            // No SIGINT on this platform: Ctrl-C then ends the JVM as usual.
        }
    }
}
