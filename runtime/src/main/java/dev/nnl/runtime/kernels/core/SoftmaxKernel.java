package dev.nnl.runtime.kernels.core;

import dev.nnl.compiler.ir.LayerNode;
import dev.nnl.runtime.kernels.Kernel;
import dev.nnl.runtime.kernels.RunContext;
import dev.nnl.runtime.tensor.Tensor;

/**
 * keras.layers.Softmax. On the last axis it is the softmax activation (and fuses with a
 * cross-entropy loss); on another axis it runs over strided rows.
 */
public final class SoftmaxKernel extends Kernel {
    private final int axis;
    private Tensor out;
    private Tensor dx;

    private SoftmaxKernel(LayerNode node, int axis) {
        super(node);
        this.axis = axis;
    }

    public static Kernel of(LayerNode node) {
        long axis = node.args().getLong("axis");
        int rank = node.outputShapes().get(0).ndim();
        int a = (int) (axis < 0 ? axis + rank : axis);
        return a == rank - 1 ? new ActivationKernel(node, "softmax") : new SoftmaxKernel(node, a);
    }

    @Override
    public Tensor[] forward(Tensor[] in, Tensor[] masks, RunContext ctx) {
        Tensor x = in[0];
        out = ensure(out, ctx.type, x.shape);
        int n = (int) x.shape[axis];
        int stride = stride(x);
        for (int base : bases(x, stride, n)) {
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < n; k++) {
                max = Math.max(max, x.get(base + k * stride));
            }
            double sum = 0;
            for (int k = 0; k < n; k++) {
                sum += Math.exp(x.get(base + k * stride) - max);
            }
            for (int k = 0; k < n; k++) {
                out.set(base + k * stride, Math.exp(x.get(base + k * stride) - max) / sum);
            }
        }
        return new Tensor[] {out};
    }

    @Override
    public Tensor[] backward(Tensor[] in, Tensor[] masks, Tensor[] dOut, RunContext ctx) {
        Tensor x = in[0];
        dx = ensure(dx, ctx.type, x.shape);
        int n = (int) x.shape[axis];
        int stride = stride(x);
        Tensor g = dOut[0];
        for (int base : bases(x, stride, n)) {
            double dot = 0;
            for (int k = 0; k < n; k++) {
                dot += g.get(base + k * stride) * out.get(base + k * stride);
            }
            for (int k = 0; k < n; k++) {
                int i = base + k * stride;
                dx.set(i, out.get(i) * (g.get(i) - dot));
            }
        }
        return new Tensor[] {dx};
    }

    private int stride(Tensor x) {
        int s = 1;
        for (int i = axis + 1; i < x.shape.length; i++) {
            s *= (int) x.shape[i];
        }
        return s;
    }

    /** The first index of every line along the axis. */
    private static int[] bases(Tensor x, int stride, int n) {
        int lines = x.size / n;
        int[] out = new int[lines];
        int block = stride * n;
        for (int i = 0; i < lines; i++) {
            out[i] = (i / stride) * block + i % stride;
        }
        return out;
    }
}
