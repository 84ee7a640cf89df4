package dev.nnl.compiler.source;

/** A 0-based line and 0-based UTF-16 column, as in the Language Server Protocol. */
public record Position(int line, int character) {
}
