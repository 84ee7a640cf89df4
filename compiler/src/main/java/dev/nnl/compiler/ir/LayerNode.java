package dev.nnl.compiler.ir;

import dev.nnl.compiler.layers.LayerArgs;
import dev.nnl.compiler.layers.LayerDef;
import dev.nnl.compiler.source.Span;
import java.util.List;

/**
 * One layer instance in a checked model.
 *
 * @param inbound the names of the inputs or layers it reads, in argument order
 * @param outputShapes one shape per output (two for {@code Bidirectional(merge_mode=none)})
 */
public record LayerNode(String name, LayerDef def, LayerArgs args, List<String> inbound,
                        List<Shape> outputShapes, DType dtype, List<Weight> weights, Span span) {
    public LayerNode {
        inbound = List.copyOf(inbound);
        outputShapes = List.copyOf(outputShapes);
        weights = List.copyOf(weights);
    }

    public String className() {
        return def.className();
    }

    public long params() {
        return weights.stream().mapToLong(Weight::size).sum();
    }

    public long trainableParams() {
        return weights.stream().filter(Weight::trainable).mapToLong(Weight::size).sum();
    }

    public long nonTrainableParams() {
        return params() - trainableParams();
    }
}
