package dev.nnl.compiler.ir;

/** A model output: the producing layer (or input) and which of its outputs. */
public record OutputRef(String name, int index, Shape shape) {
}
