package dev.nnl.runtime.kernels.core;

import dev.nnl.compiler.ir.LayerNode;
import dev.nnl.runtime.kernels.ActivationStage;
import dev.nnl.runtime.kernels.HasLogits;
import dev.nnl.runtime.kernels.Kernel;
import dev.nnl.runtime.kernels.RunContext;
import dev.nnl.runtime.tensor.Tensor;

/** The Activation layer, and Softmax on the last axis: a named activation and nothing else. */
public final class ActivationKernel extends Kernel implements HasLogits {
    private final ActivationStage act;
    private Tensor z;

    public ActivationKernel(LayerNode node, String activation) {
        super(node);
        this.act = new ActivationStage(activation);
    }

    @Override
    public ActivationStage activationStage() {
        return act;
    }

    @Override
    public Tensor[] forward(Tensor[] in, Tensor[] masks, RunContext ctx) {
        // The stage keeps z for backward; copy so a later in-place change upstream cannot alter it.
        z = ensure(z, ctx.type, in[0].shape);
        z.copyFrom(in[0]);
        return new Tensor[] {act.forward(z)};
    }

    @Override
    public Tensor[] backward(Tensor[] in, Tensor[] masks, Tensor[] dOut, RunContext ctx) {
        return new Tensor[] {act.backward(dOut[0])};
    }
}
