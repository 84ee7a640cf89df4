package dev.nnl.compiler.check;

import dev.nnl.compiler.ir.DType;
import dev.nnl.compiler.ir.LayerNode;
import dev.nnl.compiler.ir.Shape;
import dev.nnl.compiler.layers.TensorKind;
import java.util.List;

/**
 * A value flowing between layers while a model is checked (Keras calls it a symbolic tensor). A null shape is poisoned: an error
 * upstream already explains it. A layer with several outputs gives one tensor with {@code parts}.
 */
final class SymbolicTensor {
    final Shape shape;
    final DType dtype;
    /** The input or layer that made it, as {@code inbound} names it. */
    final String producer;
    final int index;
    /** The layer that made it; null for an input. */
    final LayerNode node;
    /** The layer whose padding mask rides along, or null. */
    final String maskFrom;
    final TensorKind kind;
    final List<SymbolicTensor> parts;
    final boolean isInput;
    boolean used;
    /** Whether tokens-without-embedding was reported for it, so a branching input warns once. */
    boolean warnedTokens;

    SymbolicTensor(Shape shape, DType dtype, String producer, int index, LayerNode node, String maskFrom, TensorKind kind,
           List<SymbolicTensor> parts, boolean isInput) {
        this.shape = shape;
        this.dtype = dtype;
        this.producer = producer;
        this.index = index;
        this.node = node;
        this.maskFrom = maskFrom;
        this.kind = kind;
        this.parts = parts;
        this.isInput = isInput;
    }

    static SymbolicTensor failed() {
        return new SymbolicTensor(null, DType.FLOAT32, null, 0, null, null, TensorKind.ANY, null, false);
    }

    boolean poisoned() {
        return parts == null ? shape == null : parts.stream().anyMatch(SymbolicTensor::poisoned);
    }

    List<SymbolicTensor> flatten() {
        return parts == null ? List.of(this) : parts;
    }
}
