package dev.nnl.compiler.analysis;

import dev.nnl.compiler.ir.LayerNode;
import dev.nnl.compiler.ir.Shape;
import java.util.List;

/**
 * One layer call whose shapes were inferred, in a model that may still have errors elsewhere:
 * what an editor shows on hover and as inlay hints. A call inside a block appears once per
 * expansion, each with its own shapes.
 *
 * @param model the model the call was checked in
 * @param inputShapes per-sample input shapes, in argument order
 */
public record LayerUse(String model, LayerNode node, List<Shape> inputShapes) {
    public LayerUse {
        inputShapes = List.copyOf(inputShapes);
    }
}
