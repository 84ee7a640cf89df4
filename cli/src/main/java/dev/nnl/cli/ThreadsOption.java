package dev.nnl.cli;

import dev.nnl.runtime.Nnl;
import picocli.CommandLine.Option;

/** {@code --threads N}, the same on every command that computes (train, eval, predict, compile). */
final class ThreadsOption {
    @Option(names = "--threads", paramLabel = "N", converter = Numbers.Positive.class,
            description = "Threads for the math (default: every processor, or OMP_NUM_THREADS).")
    private Integer threads;

    /** The count given, or null for the default. */
    Integer value() {
        return threads;
    }

    /** Sets the thread count for this run when the option was given. */
    void apply() {
        if (threads != null) {
            Nnl.setThreads(threads);
        }
    }
}
