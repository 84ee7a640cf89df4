package dev.nnl.cli;

/** {@code --format} of `check` and `fmt`: how diagnostics are written. */
enum DiagnosticFormat {
    HUMAN, GCC, JSON
}
