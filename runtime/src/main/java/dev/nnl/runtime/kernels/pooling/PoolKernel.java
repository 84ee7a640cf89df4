package dev.nnl.runtime.kernels.pooling;

import dev.nnl.compiler.ir.LayerNode;
import dev.nnl.compiler.layers.conv.ConvSpec;
import dev.nnl.runtime.kernels.Kernel;
import dev.nnl.runtime.kernels.RunContext;
import dev.nnl.runtime.kernels.conv.ConvGeometry;
import dev.nnl.runtime.tensor.Floats;
import dev.nnl.runtime.tensor.Tensor;
import dev.nnl.runtime.threads.Parallel;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * keras.layers.MaxPooling1D/2D and AveragePooling1D/2D, channels_last; 1D runs as 2D over a
 * height-1 image. Strides default to the pool size (Keras; ND4J's default is 1). With
 * padding=same the window may hang over the edge (the extra cell after the data, as TensorFlow):
 * max ignores the padding cells, average divides by the number of real cells in the window.
 * Max remembers where each maximum came from, so backward is one scatter (ties: the first cell
 * in window order wins, as TensorFlow's MaxPoolGrad).
 *
 * <p>Float32 pooling runs on oneDNN's pooling primitives ({@link OneDnnPool}: 3–7× faster than
 * the loops below on the benchmark CNN, docs/performance.md); the loops are the reference path,
 * for float64 and wherever oneDNN does not apply, and OneDnnPathTest checks the two against each
 * other. {@code -Dnnl.pool=java} turns oneDNN off.
 */
public final class PoolKernel extends Kernel {
    private final boolean max;
    private final int spatial;
    private final ConvSpec spec;
    private boolean oneDnnWanted = !"java".equalsIgnoreCase(System.getProperty("nnl.pool"));
    private OneDnnPool oneDnn;

    private long[] inShape;
    private DataType type;
    private ConvGeometry g;
    private Tensor z;
    private Tensor dx;
    private int[] argmax;
    private Tensor xBuf;
    private Tensor zBuf;
    private Tensor dxBuf;
    private Tensor dzBuf;

    public PoolKernel(LayerNode node, boolean max, int spatial) {
        super(node);
        this.max = max;
        this.spatial = spatial;
        var a = node.args();
        this.spec = ConvSpec.of(a);
        if (!a.getString("data_format").equals("channels_last")) {
            throw new IllegalArgumentException(node.className() + " `" + node.name() + "`: only data_format=channels_last can be trained");
        }
    }

    /** Whether float32 pooling may use oneDNN (tests compare both paths). */
    public void useOneDnn(boolean wanted) {
        oneDnnWanted = wanted;
        inShape = null;
    }

    /** Whether the last forward pass ran on oneDNN. */
    public boolean usesOneDnn() {
        return oneDnn != null;
    }

    private void prepare(Tensor x, DataType t) {
        if (Arrays.equals(x.shape, inShape) && t == type) {
            return;
        }
        inShape = x.shape.clone();
        type = t;
        g = ConvGeometry.of(spec, x.shape);
        z = Tensor.reuse(z, t, g.outShape(spatial, g.c()));
        zBuf = z;
        dx = Tensor.reuse(dx, t, x.shape);
        dxBuf = dx;
        if (!oneDnnWanted || t != DataType.FLOAT) {
            oneDnn = null;
        } else if (oneDnn != null && oneDnn.serves(g)) {
            oneDnn.setBatch(g.batch());
        } else {
            oneDnn = OneDnnPool.create(g, max);
        }
        argmax = max && oneDnn == null ? new int[z.size] : null;
    }

    @Override
    public Tensor[] forward(Tensor[] in, Tensor[] masks, RunContext ctx) {
        Tensor x = in[0];
        prepare(x, ctx.type);
        xBuf = x;
        if (oneDnn != null) {
            oneDnn.forward(x, z);
            return new Tensor[] {z};
        }
        Parallel.range(g.batch(), x.size, this::forward);
        return new Tensor[] {z};
    }

    /** Forward over samples [from, to). */
    private void forward(int from, int to) {
        if (disjointFloat()) {
            int chunk = Floats.samplesPerChunk((long) g.h() * g.w() * g.c());
            for (int s = from; s < to; s += chunk) {
                maxFloat(s, Math.min(to, s + chunk));
            }
            return;
        }
        int c = g.c();
        double[] best = max ? new double[c] : null;
        int[] arg = max ? new int[c] : null;
        int o = from * g.oh() * g.ow() * c;
        for (int b = from; b < to; b++) {
            for (int oy = 0; oy < g.oh(); oy++) {
                int y0 = g.windowTop(oy);
                int y1 = g.windowBottom(oy);
                for (int ox = 0; ox < g.ow(); ox++, o += c) {
                    int x0 = g.windowLeft(ox);
                    int x1 = g.windowRight(ox);
                    if (max) {
                        maxWindow(b, y0, y1, x0, x1, o, c, best, arg);
                    } else {
                        avgWindow(b, y0, y1, x0, x1, o, c);
                    }
                }
            }
        }
    }

    /**
     * Whether max pooling may skip the argmax: windows that do not overlap (stride ≥ pool size)
     * let backward find each window's maximum again by comparing input and output.
     */
    private boolean disjointFloat() {
        return max && g.sh() >= g.kh() && g.sw() >= g.kw() && Floats.all(xBuf, zBuf);
    }

    /**
     * Max pooling over samples [from, to) in heap arrays, as vectorizable {@code Math.max} passes
     * over each window's cells (tracking the argmax made every comparison a mispredicted branch).
     */
    private void maxFloat(int from, int to) {
        int c = g.c();
        int perIn = g.h() * g.w() * c;
        int perOut = g.oh() * g.ow() * c;
        float[] xs = Floats.scratch(0, (to - from) * perIn);
        float[] zs = Floats.scratch(1, (to - from) * perOut);
        xBuf.floats().get(from * perIn, xs, 0, (to - from) * perIn);
        int o = 0;
        for (int b = 0; b < to - from; b++) {
            for (int oy = 0; oy < g.oh(); oy++) {
                int y0 = g.windowTop(oy);
                int y1 = g.windowBottom(oy);
                for (int ox = 0; ox < g.ow(); ox++, o += c) {
                    int x0 = g.windowLeft(ox);
                    int x1 = g.windowRight(ox);
                    System.arraycopy(xs, ((b * g.h() + y0) * g.w() + x0) * c, zs, o, c);
                    for (int iy = y0; iy < y1; iy++) {
                        for (int ix = iy == y0 ? x0 + 1 : x0; ix < x1; ix++) {
                            int cell = ((b * g.h() + iy) * g.w() + ix) * c;
                            for (int k = 0; k < c; k++) {
                                zs[o + k] = Math.max(zs[o + k], xs[cell + k]);
                            }
                        }
                    }
                }
            }
        }
        zBuf.floats().put(from * perOut, zs, 0, (to - from) * perOut);
    }

    /**
     * Backward of {@link #maxFloat} over samples [from, to): the gradient goes to the first cell
     * of each window equal to its maximum (the cell the forward argmax would have kept), found with
     * integer masks on the raw bits so that the loop has no branches.
     */
    private void maxFloatBackward(int from, int to) {
        int c = g.c();
        int perIn = g.h() * g.w() * c;
        int perOut = g.oh() * g.ow() * c;
        int[] xb = Floats.bitsScratch(0, (to - from) * perIn);
        int[] db = Floats.bitsScratch(1, (to - from) * perIn);
        int[] zb = Floats.bitsScratch(2, (to - from) * perOut);
        int[] gb = Floats.bitsScratch(3, (to - from) * perOut);
        xBuf.bits().get(from * perIn, xb, 0, (to - from) * perIn);
        zBuf.bits().get(from * perOut, zb, 0, (to - from) * perOut);
        dzBuf.bits().get(from * perOut, gb, 0, (to - from) * perOut);
        java.util.Arrays.fill(db, 0, (to - from) * perIn, 0);
        // The window's cells, as offsets from its first cell (all windows but clipped ones share them).
        int[] cells = new int[g.kh() * g.kw()];
        int o = 0;
        for (int b = 0; b < to - from; b++) {
            for (int oy = 0; oy < g.oh(); oy++) {
                int y0 = g.windowTop(oy);
                int y1 = g.windowBottom(oy);
                for (int ox = 0; ox < g.ow(); ox++, o += c) {
                    int x0 = g.windowLeft(ox);
                    int x1 = g.windowRight(ox);
                    int first = ((b * g.h() + y0) * g.w() + x0) * c;
                    int n = 0;
                    for (int iy = y0; iy < y1; iy++) {
                        for (int ix = x0; ix < x1; ix++) {
                            cells[n++] = ((iy - y0) * g.w() + (ix - x0)) * c;
                        }
                    }
                    // Channel by channel: a mask "still open" kept in a register, not in memory.
                    for (int k = 0; k < c; k++) {
                        int zk = zb[o + k];
                        int gk = gb[o + k];
                        int open = -1;
                        for (int j = 0; j < n; j++) {
                            int at = first + cells[j] + k;
                            int d = xb[at] ^ zk;
                            int hit = ~((d | -d) >> 31) & open;
                            db[at] = gk & hit;
                            open &= ~hit;
                        }
                    }
                }
            }
        }
        dxBuf.bits().put(from * perIn, db, 0, (to - from) * perIn);
    }

    private void maxWindow(int b, int y0, int y1, int x0, int x1, int o, int c, double[] best, int[] arg) {
        int first = ((b * g.h() + y0) * g.w() + x0) * c;
        for (int k = 0; k < c; k++) {
            best[k] = xBuf.get(first + k);
            arg[k] = first + k;
        }
        for (int iy = y0; iy < y1; iy++) {
            for (int ix = iy == y0 ? x0 + 1 : x0; ix < x1; ix++) {
                int cell = ((b * g.h() + iy) * g.w() + ix) * c;
                for (int k = 0; k < c; k++) {
                    // Branch-free (conditional moves): on real data the comparison is a coin toss.
                    double v = xBuf.get(cell + k);
                    boolean greater = v > best[k];
                    best[k] = greater ? v : best[k];
                    arg[k] = greater ? cell + k : arg[k];
                }
            }
        }
        for (int k = 0; k < c; k++) {
            zBuf.set(o + k, best[k]);
        }
        System.arraycopy(arg, 0, argmax, o, c);
    }

    private void avgWindow(int b, int y0, int y1, int x0, int x1, int o, int c) {
        zBuf.zero(o, c);
        for (int iy = y0; iy < y1; iy++) {
            for (int ix = x0; ix < x1; ix++) {
                xBuf.addTo(((b * g.h() + iy) * g.w() + ix) * c, zBuf, o, c);
            }
        }
        double inv = 1.0 / ((y1 - y0) * (x1 - x0));
        for (int k = 0; k < c; k++) {
            zBuf.set(o + k, zBuf.get(o + k) * inv);
        }
    }

    @Override
    public Tensor[] backward(Tensor[] in, Tensor[] masks, Tensor[] dOut, RunContext ctx) {
        Tensor dz = dOut[0];
        dzBuf = dz;
        if (oneDnn != null) {
            oneDnn.backward(dz, dx);
            return new Tensor[] {dx};
        }
        Parallel.range(g.batch(), dx.size, this::backward);
        return new Tensor[] {dx};
    }

    /** Backward over samples [from, to): their input cells and windows are disjoint from other samples'. */
    private void backward(int from, int to) {
        int c = g.c();
        int perIn = g.h() * g.w() * c;
        int perOut = g.oh() * g.ow() * c;
        if (disjointFloat() && dzBuf.isFloat() && dxBuf.isFloat()) {
            int chunk = Floats.samplesPerChunk((long) g.h() * g.w() * g.c());
            for (int s = from; s < to; s += chunk) {
                maxFloatBackward(s, Math.min(to, s + chunk));
            }
            return;
        }
        dxBuf.zero(from * perIn, (to - from) * perIn);
        if (max) {
            for (int o = from * perOut; o < to * perOut; o++) {
                int i = argmax[o];
                dxBuf.set(i, dxBuf.get(i) + dzBuf.get(o));
            }
            return;
        }
        int o = from * perOut;
        for (int b = from; b < to; b++) {
            for (int oy = 0; oy < g.oh(); oy++) {
                int y0 = g.windowTop(oy);
                int y1 = g.windowBottom(oy);
                for (int ox = 0; ox < g.ow(); ox++, o += c) {
                    int x0 = g.windowLeft(ox);
                    int x1 = g.windowRight(ox);
                    double inv = 1.0 / ((y1 - y0) * (x1 - x0));
                    for (int iy = y0; iy < y1; iy++) {
                        for (int ix = x0; ix < x1; ix++) {
                            int cell = ((b * g.h() + iy) * g.w() + ix) * c;
                            for (int k = 0; k < c; k++) {
                                dxBuf.set(cell + k, dxBuf.get(cell + k) + dzBuf.get(o + k) * inv);
                            }
                        }
                    }
                }
            }
        }
    }

    /** Keras convolution and pooling layers do not support masking: the mask stops here (Keras warns and drops it). */
    @Override
    public Tensor outputMask(Tensor[] in, Tensor[] masks) {
        return null;
    }
}
