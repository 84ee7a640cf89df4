package dev.nnl.compiler.ir;

import dev.nnl.compiler.source.Span;
import java.util.List;

/**
 * A checked model: inputs, layers in textual order (blocks expanded in place), outputs. Only
 * built for a model without errors, so every shape in it is known to be valid.
 */
public record ModelIR(String name, List<InputNode> inputs, List<LayerNode> layers, List<OutputRef> outputs, Span span) {
    public ModelIR {
        inputs = List.copyOf(inputs);
        layers = List.copyOf(layers);
        outputs = List.copyOf(outputs);
    }

    public long totalParams() {
        return layers.stream().mapToLong(LayerNode::params).sum();
    }

    public long trainableParams() {
        return layers.stream().mapToLong(LayerNode::trainableParams).sum();
    }

    public long nonTrainableParams() {
        return totalParams() - trainableParams();
    }

    public LayerNode layer(String name) {
        for (LayerNode n : layers) {
            if (n.name().equals(name)) {
                return n;
            }
        }
        return null;
    }

    /** True when every layer reads exactly the previous one (a Keras Sequential). */
    public boolean isSequential() {
        if (inputs.size() != 1 || outputs.size() != 1) {
            return false;
        }
        String prev = inputs.get(0).name();
        for (LayerNode n : layers) {
            if (n.inbound().size() != 1 || !n.inbound().get(0).equals(prev)) {
                return false;
            }
            prev = n.name();
        }
        return outputs.get(0).name().equals(prev);
    }
}
