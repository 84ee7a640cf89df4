package dev.nnl.runtime.kernels.core;

import dev.nnl.compiler.ir.LayerNode;
import dev.nnl.runtime.kernels.Kernel;
import dev.nnl.runtime.kernels.RunContext;
import dev.nnl.runtime.tensor.Tensor;

/** keras.layers.RepeatVector: (batch, f) → (batch, n, f); backward sums over the n copies. */
public final class RepeatVectorKernel extends Kernel {
    private final int n;
    private Tensor out;
    private Tensor dx;

    public RepeatVectorKernel(LayerNode node) {
        super(node);
        this.n = node.args().getInt("n");
    }

    @Override
    public Tensor[] forward(Tensor[] in, Tensor[] masks, RunContext ctx) {
        Tensor x = in[0];
        int f = x.last();
        out = ensure(out, ctx.type, x.batch(), n, f);
        for (int b = 0; b < x.batch(); b++) {
            for (int t = 0; t < n; t++) {
                for (int j = 0; j < f; j++) {
                    out.set((b * n + t) * f + j, x.get(b * f + j));
                }
            }
        }
        return new Tensor[] {out};
    }

    @Override
    public Tensor[] backward(Tensor[] in, Tensor[] masks, Tensor[] dOut, RunContext ctx) {
        Tensor x = in[0];
        int f = x.last();
        dx = ensure(dx, ctx.type, x.shape);
        for (int b = 0; b < x.batch(); b++) {
            for (int j = 0; j < f; j++) {
                double s = 0;
                for (int t = 0; t < n; t++) {
                    s += dOut[0].get((b * n + t) * f + j);
                }
                dx.set(b * f + j, s);
            }
        }
        return new Tensor[] {dx};
    }

    @Override
    public Tensor outputMask(Tensor[] in, Tensor[] masks) {
        return null;
    }
}
