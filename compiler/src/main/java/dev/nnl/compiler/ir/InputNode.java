package dev.nnl.compiler.ir;

import dev.nnl.compiler.source.Span;

/** A declared model input: per-sample shape and dtype. */
public record InputNode(String name, Shape shape, DType dtype, Span span) {
}
