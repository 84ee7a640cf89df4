package dev.nnl.runtime.kernels.conv;

import dev.nnl.runtime.kernels.ChunkPrimitives;
import dev.nnl.runtime.kernels.OneDnn;
import dev.nnl.runtime.tensor.Floats;
import dev.nnl.runtime.tensor.Tensor;
import dev.nnl.runtime.threads.Parallel;
import java.nio.IntBuffer;
import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.convolution_backward_data;
import org.bytedeco.dnnl.convolution_backward_weights;
import org.bytedeco.dnnl.convolution_forward;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.post_ops;
import org.bytedeco.dnnl.primitive_attr;
import org.bytedeco.dnnl.global.dnnl;
import org.bytedeco.javacpp.FloatPointer;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_BIAS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_BIAS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_WEIGHTS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SCRATCHPAD;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_WEIGHTS;

/**
 * A float32 convolution without groups through oneDNN's convolution primitives (forward,
 * backward-data, backward-weights) on our NHWC tensors and Keras's (kh, kw, in, filters) kernel,
 * which oneDNN calls {@code hwio}; the kernel is reordered to the blocked layout each primitive
 * wants once per pass. The bias, and a relu activation, are the forward primitive's post-ops.
 *
 * <p>The batch is cut into chunks of samples whose input and output fit in about a megabyte (a
 * core's L2 cache): per chunk the forward runs once, and the backward pass applies the relu's
 * gradient, then the weight gradient and the input gradient, while the chunk is in cache. On
 * this project's CNN a chunk of 16 samples ran the second convolution's three primitives about
 * twice as fast per sample as the whole batch of 128 in one call (docs/performance.md). The
 * chunks are split over {@link Parallel}'s threads; each part has its own memory objects,
 * weight-gradient accumulator and scratchpad.
 */
final class OneDnnConv {
    private final ConvGeometry g;
    private final int filters;
    private final boolean relu;
    private final Tensor kernel;
    private final Tensor bias;
    private OneDnn.Chunks chunks;
    private final int perIn;
    private final int perOut;
    private final memory userWeights;
    private final memory biasMemory;
    private final ChunkPrimitives<Shapes, Part> made = new ChunkPrimitives<>(Shapes::new, Part::new);

    /**
     * @param kernel the layer's kernel (kh, kw, in, filters) and {@code bias} its bias or null:
     *               oneDNN reads them in place
     * @param relu   whether the forward pass applies relu (then {@link #backward} takes the
     *               gradient of the activation's output and applies relu's gradient itself)
     */
    private OneDnnConv(ConvGeometry g, int filters, Tensor kernel, Tensor bias, boolean relu) {
        this.g = g;
        this.filters = filters;
        this.relu = relu;
        this.kernel = kernel;
        this.bias = bias;
        this.perIn = g.h() * g.w() * g.c();
        this.perOut = g.oh() * g.ow() * filters;
        this.chunks = OneDnn.Chunks.of(g.batch(), 4L * (perIn + perOut));
        this.userWeights = OneDnn.over(OneDnn.desc(memory.format_tag.hwio, weightDims()), kernel.pointer());
        this.biasMemory = bias == null ? null : OneDnn.over(OneDnn.desc(memory.format_tag.x, filters), bias.pointer());
    }

    /**
     * The oneDNN path for this layer, or null when oneDNN would run it on a reference
     * implementation or refuses it (the caller then uses im2col).
     */
    static OneDnnConv create(ConvGeometry g, int filters, Tensor kernel, Tensor bias, boolean relu) {
        try {
            OneDnnConv c = new OneDnnConv(g, filters, kernel, bias, relu);
            return c.made.shapes(c.chunks.largest()).optimized ? c : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Whether this path computes {@code other}'s window (whatever its batch size). */
    boolean serves(ConvGeometry other) {
        return other.withBatch(g.batch()).equals(g);
    }

    /**
     * Runs on batches of {@code batch} samples from now on. The primitives, made per chunk size,
     * stay: a training run alternates between full batches, the last one of the epoch and the
     * validation batches, and every size's primitives are made once.
     */
    void setBatch(int batch) {
        chunks = OneDnn.Chunks.of(batch, 4L * (perIn + perOut));
    }

    private long[] weightDims() {
        return new long[] {filters, g.c(), g.kh(), g.kw()};
    }




    /** The distinct chunk sizes, largest first (one or two). */
    private int[] sizes() {
        int small = chunks.batch() / chunks.count();
        return small == chunks.largest() ? new int[] {small} : new int[] {chunks.largest(), small};
    }

    /** {@code z = act(conv(x, kernel) + bias)}, z in NHWC. */
    void forward(Tensor x, Tensor z) {
        for (int n : sizes()) {
            made.shapes(n).toForward.run();
        }
        int parts = made.prepare(chunks);
        FloatPointer xp = x.pointer();
        FloatPointer zp = z.pointer();
        Parallel.range(parts, (long) chunks.batch() * (perIn + perOut), (from, to) -> {
            for (int p = from; p < to; p++) {
                for (int c = chunks.firstOf(p, parts); c < chunks.firstOf(p + 1, parts); c++) {
                    Part m = made.part(p, chunks.size(c));
                    m.src.set_data_handle(OneDnn.at(xp, (long) chunks.start(c) * perIn));
                    m.dst.set_data_handle(OneDnn.at(zp, (long) chunks.start(c) * perOut));
                    m.shapes.forward.execute(OneDnn.stream(), m.forwardArgs);
                }
            }
        });
    }

    /**
     * Adds the kernel's and bias's gradients into {@code kernelGrad} and {@code biasGrad} and, when
     * {@code dx} is not null, writes the input's gradient there. {@code dOut} is the gradient of
     * the layer's output: with relu fused, of the activation's output {@code a}, and {@code dz}
     * receives the gradient before the activation; without it, {@code dOut} is already that.
     */
    void backward(Tensor x, Tensor a, Tensor dOut, Tensor dz, Tensor dx, Tensor kernelGrad, Tensor biasGrad) {
        if (dx != null) {
            for (int n : sizes()) {
                made.shapes(n).toBackward.run();
            }
        }
        int parts = made.prepare(chunks);
        // Each part sums its chunks' gradients in the accumulator of its first chunk's memory.
        Part[] first = new Part[parts];
        for (int p = 0; p < parts; p++) {
            first[p] = made.part(p, chunks.size(chunks.firstOf(p, parts)));
            java.util.Arrays.fill(first[p].accumulated, 0f);
        }
        FloatPointer xp = x.pointer();
        Tensor grad = relu ? dz : dOut;
        FloatPointer gp = grad.pointer();
        FloatPointer dxp = dx == null ? null : dx.pointer();
        IntBuffer aBits = relu ? a.bits() : null;
        IntBuffer gBits = relu ? dOut.bits() : null;
        IntBuffer zBits = relu ? dz.bits() : null;
        Parallel.range(parts, (long) chunks.batch() * (perIn + 2L * perOut), (from, to) -> {
            for (int p = from; p < to; p++) {
                float[] acc = first[p].accumulated;
                for (int c = chunks.firstOf(p, parts); c < chunks.firstOf(p + 1, parts); c++) {
                    int n = chunks.size(c);
                    Part m = made.part(p, n);
                    long inAt = (long) chunks.start(c) * perIn;
                    long outAt = (long) chunks.start(c) * perOut;
                    if (relu) {
                        reluGradient(aBits, gBits, zBits, (int) outAt, n * perOut);
                    }
                    m.src.set_data_handle(OneDnn.at(xp, inAt));
                    m.diffDst.set_data_handle(OneDnn.at(gp, outAt));
                    var s = OneDnn.stream();
                    m.shapes.backwardWeights.execute(s, m.weightArgs);
                    m.fromWeightGradient.run();
                    m.accumulate(acc);
                    if (dxp != null) {
                        m.diffSrc.set_data_handle(OneDnn.at(dxp, inAt));
                        m.shapes.backwardData.execute(s, m.dataArgs);
                    }
                }
            }
        });
        int k = kernelGrad.size;
        float[] sum = Floats.scratch(0, k + filters);
        Floats.get(kernelGrad, sum);
        for (int p = 0; p < parts; p++) {
            float[] acc = first[p].accumulated;
            for (int i = 0; i < k; i++) {
                sum[i] += acc[i];
            }
        }
        Floats.write(sum, kernelGrad);
        if (biasGrad != null) {
            for (int j = 0; j < filters; j++) {
                double s = biasGrad.get(j);
                for (int p = 0; p < parts; p++) {
                    s += first[p].accumulated[k + j];
                }
                biasGrad.set(j, s);
            }
        }
    }

    /** relu's gradient over one chunk: {@code dz = a > 0 ? da : 0}, as masks on the raw bits. */
    private static void reluGradient(IntBuffer a, IntBuffer da, IntBuffer dz, int from, int len) {
        int[] x = Floats.bitsScratch(0, len);
        int[] gr = Floats.bitsScratch(1, len);
        a.get(from, x, 0, len);
        da.get(from, gr, 0, len);
        for (int i = 0; i < len; i++) {
            gr[i] &= Floats.positiveMask(x[i]);
        }
        dz.put(from, gr, 0, len);
    }

    /** oneDNN's primitives for chunks of {@code n} samples, with the kernel in the layouts they want. */
    private final class Shapes {
        final boolean optimized;
        final memory.desc src;
        final memory.desc dst;
        final convolution_forward.primitive_desc forwardDesc;
        final convolution_backward_data.primitive_desc dataDesc;
        final convolution_backward_weights.primitive_desc weightsDesc;
        final convolution_forward forward;
        final convolution_backward_data backwardData;
        final convolution_backward_weights backwardWeights;
        final memory forwardWeights;
        final memory backwardWeightsIn;
        final OneDnn.Copy toForward;
        final OneDnn.Copy toBackward;

        Shapes(int n) {
            src = OneDnn.desc(memory.format_tag.nhwc, n, g.c(), g.h(), g.w());
            dst = OneDnn.desc(memory.format_tag.nhwc, n, filters, g.oh(), g.ow());
            memory.desc anyWeights = OneDnn.desc(memory.format_tag.any, weightDims());
            memory.desc biasDesc = OneDnn.desc(memory.format_tag.x, filters);
            long[] strides = {g.sh(), g.sw()};
            // oneDNN counts dilation from 0 (no gaps), Keras from 1.
            long[] dilates = {g.dh() - 1, g.dw() - 1};
            long[] padL = {g.padTop(), g.padLeft()};
            long[] padR = {padAfter(g.h(), g.oh(), g.kh(), g.sh(), g.dh(), g.padTop()),
                padAfter(g.w(), g.ow(), g.kw(), g.sw(), g.dw(), g.padLeft())};
            var alg = dnnl.algorithm.convolution_direct;
            primitive_attr attr = OneDnn.userScratchpad();
            if (relu) {
                post_ops ops = new post_ops();
                ops.append_eltwise(1f, dnnl.algorithm.eltwise_relu, 0f, 0f);
                attr.set_post_ops(ops);
            }
            var fd = bias == null
                    ? new convolution_forward.desc(dnnl.prop_kind.forward_training, alg, src, anyWeights, dst, strides, dilates, padL, padR)
                    : new convolution_forward.desc(dnnl.prop_kind.forward_training, alg, src, anyWeights, biasDesc, dst, strides, dilates, padL, padR);
            forwardDesc = new convolution_forward.primitive_desc(fd, attr, OneDnn.engine());
            var dd = new convolution_backward_data.desc(alg, src, anyWeights, dst, strides, dilates, padL, padR);
            dataDesc = new convolution_backward_data.primitive_desc(dd, OneDnn.userScratchpad(), OneDnn.engine(), forwardDesc);
            var wd = bias == null
                    ? new convolution_backward_weights.desc(alg, src, anyWeights, dst, strides, dilates, padL, padR)
                    : new convolution_backward_weights.desc(alg, src, anyWeights, biasDesc, dst, strides, dilates, padL, padR);
            weightsDesc = new convolution_backward_weights.primitive_desc(wd, OneDnn.userScratchpad(), OneDnn.engine(), forwardDesc);
            optimized = OneDnn.optimized(forwardDesc) && OneDnn.optimized(dataDesc) && OneDnn.optimized(weightsDesc);
            forward = new convolution_forward(forwardDesc);
            backwardData = new convolution_backward_data(dataDesc);
            backwardWeights = new convolution_backward_weights(weightsDesc);
            forwardWeights = OneDnn.allocate(forwardDesc.weights_desc());
            backwardWeightsIn = OneDnn.allocate(dataDesc.weights_desc());
            toForward = OneDnn.copy(userWeights, forwardWeights);
            toBackward = OneDnn.copy(userWeights, backwardWeightsIn);
        }
    }

    /**
     * The cells padded after the data: what the output size needs beyond the input and the cells
     * before it, never negative (a valid window that leaves cells over simply does not reach them).
     */
    static long padAfter(int in, int out, int k, int s, int d, int before) {
        return Math.max(0, (long) (out - 1) * s + (long) (k - 1) * d + 1 - in - before);
    }

    /** One part's memory objects for one chunk size; their data handles move from chunk to chunk. */
    private final class Part {
        final Shapes shapes;
        final memory src;
        final memory dst;
        final memory diffDst;
        final memory diffSrc;
        final memory diffWeightsBlocked;
        final memory diffWeights;
        final memory diffBias;
        final OneDnn.Copy fromWeightGradient;
        final IntMemoryMap forwardArgs = new IntMemoryMap();
        final IntMemoryMap weightArgs = new IntMemoryMap();
        final IntMemoryMap dataArgs = new IntMemoryMap();
        /** This part's kernel and bias gradients (the kernel's hwio order, then the bias). */
        final float[] accumulated;
        private final float[] chunkGradient;

        Part(Shapes s) {
            shapes = s;
            FloatPointer none = kernel.pointer();
            src = OneDnn.over(s.src, none);
            dst = OneDnn.over(s.dst, none);
            diffDst = OneDnn.over(s.dst, none);
            diffSrc = OneDnn.over(s.src, none);
            diffWeightsBlocked = OneDnn.allocate(s.weightsDesc.diff_weights_desc());
            diffWeights = OneDnn.allocate(OneDnn.desc(memory.format_tag.hwio, weightDims()));
            diffBias = bias == null ? null : OneDnn.allocate(OneDnn.desc(memory.format_tag.x, filters));
            fromWeightGradient = OneDnn.copy(diffWeightsBlocked, diffWeights);
            forwardArgs.put(DNNL_ARG_SRC, src);
            forwardArgs.put(DNNL_ARG_WEIGHTS, s.forwardWeights);
            if (biasMemory != null) {
                forwardArgs.put(DNNL_ARG_BIAS, biasMemory);
            }
            forwardArgs.put(DNNL_ARG_DST, dst);
            forwardArgs.put(DNNL_ARG_SCRATCHPAD, OneDnn.allocate(s.forwardDesc.scratchpad_desc()));
            weightArgs.put(DNNL_ARG_SRC, src);
            weightArgs.put(DNNL_ARG_DIFF_DST, diffDst);
            weightArgs.put(DNNL_ARG_DIFF_WEIGHTS, diffWeightsBlocked);
            if (diffBias != null) {
                weightArgs.put(DNNL_ARG_DIFF_BIAS, diffBias);
            }
            weightArgs.put(DNNL_ARG_SCRATCHPAD, OneDnn.allocate(s.weightsDesc.scratchpad_desc()));
            dataArgs.put(DNNL_ARG_DIFF_DST, diffDst);
            dataArgs.put(DNNL_ARG_WEIGHTS, s.backwardWeightsIn);
            dataArgs.put(DNNL_ARG_DIFF_SRC, diffSrc);
            dataArgs.put(DNNL_ARG_SCRATCHPAD, OneDnn.allocate(s.dataDesc.scratchpad_desc()));
            int k = kernel.size;
            accumulated = new float[k + filters];
            chunkGradient = new float[k + filters];
        }

        /** Adds this chunk's kernel and bias gradients (just computed) into {@code acc}. */
        void accumulate(float[] acc) {
            int k = kernel.size;
            new FloatPointer(diffWeights.get_data_handle()).get(chunkGradient, 0, k);
            if (diffBias != null) {
                new FloatPointer(diffBias.get_data_handle()).get(chunkGradient, k, filters);
            }
            int len = diffBias != null ? k + filters : k;
            for (int i = 0; i < len; i++) {
                acc[i] += chunkGradient[i];
            }
        }
    }
}
