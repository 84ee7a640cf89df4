package dev.nnl.cli;

/** {@code --format} of `summary` and `eval`: a table or line for people, or JSON. */
enum ReportFormat {
    TEXT, JSON
}
