package dev.nnl.runtime.kernels.core;

import dev.nnl.compiler.ir.LayerNode;
import dev.nnl.runtime.kernels.Kernel;
import dev.nnl.runtime.kernels.RunContext;
import dev.nnl.runtime.tensor.Tensor;

/** keras.layers.GaussianNoise: adds N(0, stddev²) while training; the identity otherwise. */
public final class GaussianNoiseKernel extends Kernel {
    private final double stddev;
    private Tensor out;

    public GaussianNoiseKernel(LayerNode node) {
        super(node);
        this.stddev = node.args().getDouble("stddev");
    }

    @Override
    public Tensor[] forward(Tensor[] in, Tensor[] masks, RunContext ctx) {
        if (!ctx.training) {
            return in;
        }
        out = ensure(out, ctx.type, in[0].shape);
        for (int i = 0; i < out.size; i++) {
            out.set(i, in[0].get(i) + stddev * ctx.rng.nextGaussian());
        }
        return new Tensor[] {out};
    }

    @Override
    public Tensor[] backward(Tensor[] in, Tensor[] masks, Tensor[] dOut, RunContext ctx) {
        return dOut;
    }
}
