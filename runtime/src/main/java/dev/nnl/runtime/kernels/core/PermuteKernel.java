package dev.nnl.runtime.kernels.core;

import dev.nnl.compiler.ir.LayerNode;
import dev.nnl.runtime.kernels.Kernel;
import dev.nnl.runtime.kernels.RunContext;
import dev.nnl.runtime.tensor.Tensor;

/** keras.layers.Permute: output axis i+1 is input axis dims[i] (the batch axis stays first). */
public final class PermuteKernel extends Kernel {
    private final int[] perm;
    private Tensor out;
    private Tensor dx;

    public PermuteKernel(LayerNode node) {
        super(node);
        long[] dims = node.args().getLongs("dims");
        perm = new int[dims.length + 1];
        for (int i = 0; i < dims.length; i++) {
            perm[i + 1] = (int) dims[i];
        }
    }

    @Override
    public Tensor[] forward(Tensor[] in, Tensor[] masks, RunContext ctx) {
        long[] shape = new long[perm.length];
        for (int i = 0; i < perm.length; i++) {
            shape[i] = in[0].shape[perm[i]];
        }
        out = ensure(out, ctx.type, shape);
        out.array.assign(in[0].array.permute(perm));
        return new Tensor[] {out};
    }

    @Override
    public Tensor[] backward(Tensor[] in, Tensor[] masks, Tensor[] dOut, RunContext ctx) {
        int[] inverse = new int[perm.length];
        for (int i = 0; i < perm.length; i++) {
            inverse[perm[i]] = i;
        }
        dx = ensure(dx, ctx.type, in[0].shape);
        dx.array.assign(dOut[0].array.permute(inverse));
        return new Tensor[] {dx};
    }

    @Override
    public Tensor outputMask(Tensor[] in, Tensor[] masks) {
        return null;
    }
}
