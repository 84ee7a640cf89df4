package dev.nnl.compiler.ast;

import dev.nnl.compiler.source.Span;

/** An identifier with where it was written. */
public record Ident(String text, Span span) {
}
