package dev.nnl.runtime.plan;

import dev.nnl.runtime.tensor.Tensor;

/** Test access to what {@link Plan} keeps of its last forward pass: every layer's outputs. */
public final class LayerOutputs {
    private LayerOutputs() {
    }

    /** The outputs of the plan's layer {@code i} (model order) in its last forward pass. */
    public static Tensor[] of(Plan plan, int i) {
        return plan.layerOutputs(i);
    }
}
