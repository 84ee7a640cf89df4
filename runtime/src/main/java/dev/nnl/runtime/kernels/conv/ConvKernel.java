package dev.nnl.runtime.kernels.conv;

import dev.nnl.compiler.ir.LayerNode;
import dev.nnl.compiler.layers.conv.ConvSpec;
import dev.nnl.compiler.layers.conv.Padding;
import dev.nnl.runtime.init.Initializers;
import dev.nnl.runtime.kernels.Activation;
import dev.nnl.runtime.kernels.ActivationStage;
import dev.nnl.runtime.kernels.HasLogits;
import dev.nnl.runtime.kernels.Kernel;
import dev.nnl.runtime.kernels.LinearAlgebra;
import dev.nnl.runtime.kernels.RunContext;
import dev.nnl.runtime.tensor.ParamStore;
import dev.nnl.runtime.tensor.Tensor;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * keras.layers.Conv1D / Conv2D, channels_last. Conv1D runs as Conv2D over a height-1 image, so
 * its kernel (k, cg, filters) is the 2D kernel (1, k, cg, filters) in the same memory.
 *
 * <p>Three algorithms compute the same thing (all checked against a direct reference,
 * ConvPathTest, and the oneDNN path against im2col, OneDnnPathTest): {@link Algorithm#GEMM},
 * im2col + one BLAS product per group (any padding, including causal, and groups, float32 and
 * float64: the reference path); {@link Algorithm#ONEDNN}, oneDNN's convolution primitives
 * ({@link OneDnnConv}: float32, groups = 1, bias and relu fused); and {@link Algorithm#NATIVE},
 * libnd4j's conv2d/conv2d_bp ops (groups = 1, valid/same only; see {@link NativeOps} for their
 * arguments). ONEDNN is the default and falls back to GEMM where it does not apply; on the
 * benchmark CNN it took the two convolutions from 30 to 18 ms of CPU time per training step on
 * one thread (docs/performance.md).
 * {@code -Dnnl.conv=gemm} or {@code native} selects the others.
 */
public final class ConvKernel extends Kernel implements HasLogits {
    /** How the convolution is computed. */
    public enum Algorithm { GEMM, ONEDNN, NATIVE }

    private static final Algorithm DEFAULT_ALGORITHM = switch (String.valueOf(System.getProperty("nnl.conv")).toLowerCase(java.util.Locale.ROOT)) {
        case "native" -> Algorithm.NATIVE;
        case "gemm" -> Algorithm.GEMM;
        default -> Algorithm.ONEDNN;
    };

    private final int spatial;
    private final int filters;
    private final int groups;
    private final ConvSpec spec;
    private final boolean useBias;
    private final ActivationStage act;
    private Algorithm requested = DEFAULT_ALGORITHM;

    private ParamStore.Slot kernel;
    private ParamStore.Slot bias;
    private Tensor w2;
    private Tensor wGrad2;

    // Per input shape (a new batch size reallocates).
    private long[] inShape;
    private DataType type;
    private ConvGeometry g;
    private Algorithm algorithm;
    private Tensor z;
    private Tensor z2;
    private Tensor dx;
    private Tensor[] col;
    private Tensor[] colBuf;
    private Tensor[] wG;
    private Tensor[] zG;
    private Tensor dwG;
    private Tensor dwScratch;
    private Tensor dbScratch;
    private int[] nativeArgs;
    private Tensor xBuf;
    private Tensor dxBuf;
    private Tensor zBuf;
    private OneDnnConv oneDnn;
    private boolean fusedRelu;
    private Tensor dzBuf;

    public ConvKernel(LayerNode node, int spatial) {
        super(node);
        this.spatial = spatial;
        var a = node.args();
        this.filters = a.getInt("filters");
        this.groups = a.getInt("groups");
        this.spec = ConvSpec.of(a);
        this.useBias = a.getBool("use_bias");
        this.act = new ActivationStage(a.getString("activation"));
        if (!a.getString("data_format").equals("channels_last")) {
            throw new IllegalArgumentException(node.className() + " `" + node.name() + "`: only data_format=channels_last can be trained");
        }
    }

    /** Chooses the computation (tests run both); NATIVE falls back to GEMM where the op cannot express the layer. */
    public void useAlgorithm(Algorithm a) {
        requested = a;
        inShape = null;
    }

    /** The algorithm the last forward pass used. */
    public Algorithm algorithm() {
        return algorithm;
    }

    @Override
    public void attach(ParamStore store) {
        kernel = store.slot(node.name(), "kernel");
        bias = useBias ? store.slot(node.name(), "bias") : null;
        long k = kernel.value().size / filters;
        w2 = kernel.value().reshape(k, filters);
        wGrad2 = kernel.grad().reshape(k, filters);
        // The oneDNN path reads the weights in place: it must be rebuilt over the new ones.
        inShape = null;
        oneDnn = null;
    }

    @Override
    public void initialize(ParamStore store, SplittableRandom rng) {
        Initializers.fill(kernel.value(), node.args().getValue("kernel_initializer"), rng);
        if (bias != null) {
            Initializers.fill(bias.value(), node.args().getValue("bias_initializer"), rng);
        }
    }

    @Override
    public ActivationStage activationStage() {
        return act;
    }

    private void prepare(Tensor x, DataType t) {
        if (Arrays.equals(x.shape, inShape) && t == type) {
            return;
        }
        inShape = x.shape.clone();
        type = t;
        Tensor[] previous = col;
        g = ConvGeometry.of(spec, x.shape);
        algorithm = requested == Algorithm.NATIVE && groups == 1 && spec.padding() != Padding.CAUSAL ? Algorithm.NATIVE : Algorithm.GEMM;
        z = Tensor.reuse(z, t, g.outShape(spatial, filters));
        z2 = z.reshape(g.rows(), filters);
        zBuf = z;
        dx = Tensor.reuse(dx, t, x.shape);
        dxBuf = dx;
        if (requested != Algorithm.ONEDNN || t != DataType.FLOAT || groups != 1) {
            oneDnn = null;
        } else if (oneDnn != null && oneDnn.serves(g)) {
            oneDnn.setBatch(g.batch());
        } else {
            fusedRelu = act.activation() == Activation.RELU;
            oneDnn = OneDnnConv.create(g, filters, kernel.value(), bias == null ? null : bias.value(), fusedRelu);
        }
        if (oneDnn != null) {
            algorithm = Algorithm.ONEDNN;
            dzBuf = fusedRelu ? Tensor.reuse(dzBuf, t, z.shape) : null;
            col = null;
            colBuf = null;
            return;
        }
        col = null;
        colBuf = null;
        wG = null;
        zG = null;
        if (algorithm == Algorithm.NATIVE) {
            nativeArgs = NativeOps.convArgs(g, spec.padding() == Padding.SAME);
            dwScratch = Tensor.wrap(yxio(kernel.value()).ulike());
            dbScratch = bias == null ? null : Tensor.zeros(t, filters);
            return;
        }
        int cg = g.c() / groups;
        int k = g.kh() * g.kw() * cg;
        col = new Tensor[groups];
        colBuf = new Tensor[groups];
        for (int i = 0; i < groups; i++) {
            col[i] = Tensor.reuse(previous != null && i < previous.length ? previous[i] : null, t, g.rows(), k);
            colBuf[i] = col[i];
        }
        if (groups > 1) {
            int fg = filters / groups;
            wG = new Tensor[groups];
            zG = new Tensor[groups];
            for (int i = 0; i < groups; i++) {
                wG[i] = Tensor.zeros(t, k, fg);
                zG[i] = Tensor.zeros(t, g.rows(), fg);
            }
            dwG = Tensor.zeros(t, k, fg);
        }
    }

    /** The input as NHWC (a Conv1D input gains a height-1 axis; same memory). */
    private INDArray nhwc(Tensor t, int h, int w) {
        return spatial == 2 ? t.array : t.array.reshape('c', t.shape[0], h, w, t.shape[2]);
    }

    /** A kernel-shaped tensor (the weights or their gradient) as (kh, kw, cg, filters). */
    private INDArray yxio(Tensor k) {
        long[] s = k.shape;
        return spatial == 2 ? k.array : k.array.reshape('c', 1, s[0], s[1], s[2]);
    }

    @Override
    public Tensor[] forward(Tensor[] in, Tensor[] masks, RunContext ctx) {
        Tensor x = in[0];
        prepare(x, ctx.type);
        if (algorithm == Algorithm.ONEDNN) {
            oneDnn.forward(x, z);
            return new Tensor[] {fusedRelu ? act.fusedRelu(z) : act.forward(z)};
        }
        if (algorithm == Algorithm.NATIVE) {
            NativeOps.conv2d(nhwc(x, g.h(), g.w()), yxio(kernel.value()), bias == null ? null : bias.value().array,
                    nhwc(z, g.oh(), g.ow()), nativeArgs);
            return new Tensor[] {act.forward(z)};
        }
        xBuf = x;
        int cg = g.c() / groups;
        for (int i = 0; i < groups; i++) {
            Im2Col.im2col(g, cg, i, xBuf, colBuf[i]);
        }
        if (groups == 1) {
            if (bias != null) {
                // z = bias + col·W in one product (beta = 1), as Dense does.
                LinearAlgebra.setRows(z2, bias.value());
            }
            LinearAlgebra.gemm(col[0], false, w2, false, z2, bias != null ? 1 : 0);
            return new Tensor[] {act.forward(z)};
        } else {
            int fg = filters / groups;
            Tensor w = w2;
            for (int i = 0; i < groups; i++) {
                Tensor wg = wG[i];
                for (int r = 0; r < w2.shape[0]; r++) {
                    w.copyTo(r * filters + i * fg, wg, r * fg, fg);
                }
                LinearAlgebra.gemm(col[i], false, wG[i], false, zG[i], 0);
                Tensor zg = zG[i];
                for (int r = 0; r < g.rows(); r++) {
                    zg.copyTo(r * fg, zBuf, r * filters + i * fg, fg);
                }
            }
        }
        if (bias != null) {
            LinearAlgebra.addRowVector(z2, bias.value());
        }
        return new Tensor[] {act.forward(z)};
    }

    @Override
    public Tensor[] backward(Tensor[] in, Tensor[] masks, Tensor[] dOut, RunContext ctx) {
        Tensor x = in[0];
        if (algorithm == Algorithm.ONEDNN) {
            Tensor dxOut = inputGradients() ? dx : null;
            Tensor biasGrad = bias == null ? null : bias.grad();
            if (fusedRelu) {
                oneDnn.backward(x, z, dOut[0], dzBuf, dxOut, kernel.grad(), biasGrad);
            } else {
                oneDnn.backward(x, null, act.backward(dOut[0]), null, dxOut, kernel.grad(), biasGrad);
            }
            return new Tensor[] {dxOut};
        }
        Tensor dz = act.backward(dOut[0]);
        if (algorithm == Algorithm.NATIVE) {
            NativeOps.conv2dBp(nhwc(x, g.h(), g.w()), yxio(kernel.value()), bias == null ? null : bias.value().array,
                    nhwc(dz, g.oh(), g.ow()), nhwc(dx, g.h(), g.w()), dwScratch.array,
                    dbScratch == null ? null : dbScratch.array, nativeArgs);
            yxio(kernel.grad()).addi(dwScratch.array);
            if (bias != null) {
                bias.grad().array.addi(dbScratch.array);
            }
            return new Tensor[] {dx};
        }
        Tensor dz2 = dz.reshape(g.rows(), filters);
        if (bias != null) {
            LinearAlgebra.addColumnSums(dz2, bias.grad());
        }
        int cg = g.c() / groups;
        if (groups == 1) {
            LinearAlgebra.gemm(col[0], true, dz2, false, wGrad2, 1);
            if (!inputGradients()) {
                return new Tensor[] {null};
            }
            dxBuf.zero(0, dx.size);
            // The columns are not needed any more: reuse them for d(loss)/d(columns).
            LinearAlgebra.gemm(dz2, false, w2, true, col[0], 0);
            Im2Col.col2im(g, cg, 0, colBuf[0], dxBuf);
            return new Tensor[] {dx};
        }
        dxBuf.zero(0, dx.size);
        int fg = filters / groups;
        Tensor dzBuf = dz2;
        Tensor wGrad = wGrad2;
        Tensor dwg = dwG;
        for (int i = 0; i < groups; i++) {
            Tensor zg = zG[i];
            for (int r = 0; r < g.rows(); r++) {
                dzBuf.copyTo(r * filters + i * fg, zg, r * fg, fg);
            }
            LinearAlgebra.gemm(col[i], true, zG[i], false, dwG, 0);
            for (int r = 0; r < w2.shape[0]; r++) {
                dwg.addTo(r * fg, wGrad, r * filters + i * fg, fg);
            }
            LinearAlgebra.gemm(zG[i], false, wG[i], true, col[i], 0);
            Im2Col.col2im(g, cg, i, colBuf[i], dxBuf);
        }
        return new Tensor[] {dx};
    }

    /** Keras convolution and pooling layers do not support masking: the mask stops here (Keras warns and drops it). */
    @Override
    public Tensor outputMask(Tensor[] in, Tensor[] masks) {
        return null;
    }
}
