package dev.nnl.compiler.analysis;

import dev.nnl.compiler.ir.Shape;
import dev.nnl.compiler.source.Span;
import java.util.List;

/** One call of a block whose result shapes were inferred: {@code conv_block(32)} → (None, 16, 16, 32). */
public record BlockUse(String model, Span call, List<Shape> outputShapes) {
    public BlockUse {
        outputShapes = List.copyOf(outputShapes);
    }
}
