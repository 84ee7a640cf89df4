package dev.nnl.runtime.kernels.recurrent;

import dev.nnl.compiler.ir.LayerNode;
import dev.nnl.runtime.kernels.Kernel;
import dev.nnl.runtime.kernels.RunContext;
import dev.nnl.runtime.tensor.ParamStore;
import dev.nnl.runtime.tensor.Tensor;
import java.util.SplittableRandom;

/**
 * keras.layers.SimpleRNN, LSTM and GRU: (batch, steps, features) → (batch, units), or
 * (batch, steps, units) with return_sequences. The output keeps the input mask only when it is
 * a sequence.
 */
public final class RecurrentKernel extends Kernel {
    private final RecurrentCore core;

    public RecurrentKernel(LayerNode node) {
        super(node);
        this.core = RecurrentCore.create(RecurrentCell.of(node.className()), node.args(), node.name(), "", node.args().getBool("go_backwards"));
    }

    @Override
    public void attach(ParamStore store) {
        core.attach(store);
    }

    @Override
    public void initialize(ParamStore store, SplittableRandom rng) {
        core.initialize(rng);
    }

    @Override
    public Tensor[] forward(Tensor[] in, Tensor[] masks, RunContext ctx) {
        return new Tensor[] {core.forward(in[0], masks.length == 0 ? null : masks[0], ctx)};
    }

    @Override
    public Tensor[] backward(Tensor[] in, Tensor[] masks, Tensor[] dOut, RunContext ctx) {
        return new Tensor[] {core.backward(dOut[0], ctx, inputGradients())};
    }

    @Override
    public Tensor outputMask(Tensor[] in, Tensor[] masks) {
        return core.returnSequences && masks.length > 0 ? masks[0] : null;
    }
}
