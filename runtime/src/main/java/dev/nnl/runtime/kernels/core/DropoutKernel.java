package dev.nnl.runtime.kernels.core;

import dev.nnl.compiler.ir.LayerNode;
import dev.nnl.runtime.kernels.Kernel;
import dev.nnl.runtime.kernels.RunContext;
import dev.nnl.runtime.tensor.Floats;
import dev.nnl.runtime.tensor.Tensor;

/**
 * Inverted dropout (Keras): while training, each unit is kept with probability 1 − rate and
 * scaled by 1 / (1 − rate); at inference the layer is the identity. SpatialDropout drops whole
 * channels: one draw per (sample, channel), shared across the spatial axes.
 */
public final class DropoutKernel extends Kernel {
    private final double rate;
    private final boolean spatial;
    private Tensor keep;
    private Tensor out;
    private Tensor dx;

    public DropoutKernel(LayerNode node, boolean spatial) {
        super(node);
        this.rate = node.args().getDouble("rate");
        this.spatial = spatial;
    }

    @Override
    public Tensor[] forward(Tensor[] in, Tensor[] masks, RunContext ctx) {
        Tensor x = in[0];
        if (!ctx.training || rate == 0) {
            return new Tensor[] {x};
        }
        keep = ensure(keep, ctx.type, x.shape);
        out = ensure(out, ctx.type, x.shape);
        double scale = 1 / (1 - rate);
        int channels = x.last();
        int perSample = x.perSample();
        if (!spatial && Floats.all(x, keep, out)) {
            float[] k = Floats.scratch(0, x.size);
            float[] v = Floats.read(x, 1);
            float fscale = (float) scale;
            // Two 24-bit uniform draws u = m / 2^24 from each 64-bit one (the generator was most of
            // this pass); u >= rate is m >= threshold, computed without a branch that mispredicts.
            java.util.SplittableRandom rng = ctx.rng;
            int threshold = (int) Math.ceil(rate * (1 << 24));
            int d = 0;
            for (; d + 1 < x.size; d += 2) {
                long r = rng.nextLong();
                k[d] = fscale * (1 - (((int) (r >>> 40) - threshold) >>> 31));
                k[d + 1] = fscale * (1 - (((int) ((r >>> 16) & 0xFFFFFF) - threshold) >>> 31));
            }
            if (d < x.size) {
                k[d] = fscale * (1 - (((int) (rng.nextLong() >>> 40) - threshold) >>> 31));
            }
            for (int i = 0; i < x.size; i++) {
                v[i] *= k[i];
            }
            Floats.write(k, keep);
            Floats.write(v, out);
            return new Tensor[] {out};
        }
        double[] channelDraw = new double[channels];
        for (int s = 0; s < x.batch(); s++) {
            if (spatial) {
                for (int c = 0; c < channels; c++) {
                    channelDraw[c] = ctx.rng.nextDouble() >= rate ? scale : 0;
                }
            }
            for (int i = s * perSample; i < (s + 1) * perSample; i++) {
                double k = spatial ? channelDraw[i % channels] : ctx.rng.nextDouble() >= rate ? scale : 0;
                keep.set(i, k);
                out.set(i, x.get(i) * k);
            }
        }
        return new Tensor[] {out};
    }

    @Override
    public Tensor[] backward(Tensor[] in, Tensor[] masks, Tensor[] dOut, RunContext ctx) {
        if (!ctx.training || rate == 0) {
            return dOut;
        }
        dx = ensure(dx, ctx.type, in[0].shape);
        if (Floats.all(dx, keep, dOut[0])) {
            float[] g = Floats.read(dOut[0], 0);
            float[] k = Floats.read(keep, 1);
            for (int i = 0; i < dx.size; i++) {
                g[i] *= k[i];
            }
            Floats.write(g, dx);
            return new Tensor[] {dx};
        }
        for (int i = 0; i < dx.size; i++) {
            dx.set(i, dOut[0].get(i) * keep.get(i));
        }
        return new Tensor[] {dx};
    }
}
