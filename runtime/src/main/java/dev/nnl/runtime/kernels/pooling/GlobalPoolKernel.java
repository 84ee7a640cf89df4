package dev.nnl.runtime.kernels.pooling;

import dev.nnl.compiler.ir.LayerNode;
import dev.nnl.runtime.kernels.Kernel;
import dev.nnl.runtime.kernels.RunContext;
import dev.nnl.runtime.tensor.Tensor;

/**
 * keras.layers.GlobalAveragePooling1D/2D and GlobalMaxPooling1D/2D, channels_last: the spatial
 * axes are reduced, to size 1 with keepdims.
 *
 * <p>Masks, as Keras 3 (keras/src/layers/pooling/global_average_pooling1d.py): the 1D average
 * sums the real steps ({@code masks[0]} = 1) and divides by their number; a row without a real
 * step gives 0 here (Keras computes 0/0 = NaN). Keras 3's GlobalMaxPooling1D takes no mask
 * (its call has no mask argument), so the maximum runs over every step, padding included, as in
 * Keras. Neither passes a mask on.
 */
public final class GlobalPoolKernel extends Kernel {
    private final boolean max;
    private Tensor out;
    private Tensor dx;
    private int[] argmax;
    private double[] count;

    public GlobalPoolKernel(LayerNode node, boolean max) {
        super(node);
        this.max = max;
        if (!node.args().getString("data_format").equals("channels_last")) {
            throw new IllegalArgumentException(node.className() + " `" + node.name() + "`: only data_format=channels_last can be trained");
        }
    }

    @Override
    public Tensor[] forward(Tensor[] in, Tensor[] masks, RunContext ctx) {
        Tensor x = in[0];
        int batch = (int) x.shape[0];
        int c = x.last();
        int steps = x.perSample() / c;
        out = ensure(out, ctx.type, withBatch(node.outputShapes().get(0).prepend(1).dims(), batch));
        Tensor mask = max || masks.length == 0 ? null : masks[0];
        if (max && (argmax == null || argmax.length != out.size)) {
            argmax = new int[out.size];
        }
        if (count == null || count.length != batch) {
            count = new double[batch];
        }
        for (int b = 0; b < batch; b++) {
            int base = b * steps * c;
            if (max) {
                for (int k = 0; k < c; k++) {
                    int best = base + k;
                    double m = x.get(best);
                    for (int s = 1; s < steps; s++) {
                        int i = base + s * c + k;
                        double v = x.get(i);
                        if (v > m) {
                            m = v;
                            best = i;
                        }
                    }
                    out.set(b * c + k, m);
                    argmax[b * c + k] = best;
                }
                continue;
            }
            double n = 0;
            for (int k = 0; k < c; k++) {
                out.set(b * c + k, 0);
            }
            for (int s = 0; s < steps; s++) {
                if (mask != null && mask.get(b * steps + s) == 0) {
                    continue;
                }
                n++;
                for (int k = 0; k < c; k++) {
                    out.add(b * c + k, x.get(base + s * c + k));
                }
            }
            count[b] = n;
            double inv = n == 0 ? 0 : 1 / n;
            for (int k = 0; k < c; k++) {
                out.set(b * c + k, out.get(b * c + k) * inv);
            }
        }
        return new Tensor[] {out};
    }

    @Override
    public Tensor[] backward(Tensor[] in, Tensor[] masks, Tensor[] dOut, RunContext ctx) {
        Tensor x = in[0];
        Tensor dz = dOut[0];
        int batch = (int) x.shape[0];
        int c = x.last();
        int steps = x.perSample() / c;
        dx = ensure(dx, ctx.type, x.shape);
        if (max) {
            dx.fill(0);
            for (int o = 0; o < out.size; o++) {
                dx.add(argmax[o], dz.get(o));
            }
            return new Tensor[] {dx};
        }
        Tensor mask = masks.length == 0 ? null : masks[0];
        for (int b = 0; b < batch; b++) {
            double inv = count[b] == 0 ? 0 : 1 / count[b];
            for (int s = 0; s < steps; s++) {
                double w = mask != null && mask.get(b * steps + s) == 0 ? 0 : inv;
                int base = (b * steps + s) * c;
                for (int k = 0; k < c; k++) {
                    dx.set(base + k, dz.get(b * c + k) * w);
                }
            }
        }
        return new Tensor[] {dx};
    }

    @Override
    public Tensor outputMask(Tensor[] in, Tensor[] masks) {
        return null;
    }
}
