package dev.nnl.compiler.analysis;

import dev.nnl.compiler.ir.Shape;
import dev.nnl.compiler.source.Span;
import java.util.List;

/**
 * One call of a block whose result shapes were inferred: {@code conv_block(32)} → (None, 16, 16, 32).
 *
 * @param block the block's name
 * @param layers the names of the layers the call expanded to (with those of nested blocks), in order
 */
public record BlockUse(String model, String block, Span call, List<Shape> outputShapes, List<String> layers) {
    public BlockUse {
        outputShapes = List.copyOf(outputShapes);
        layers = List.copyOf(layers);
    }
}
