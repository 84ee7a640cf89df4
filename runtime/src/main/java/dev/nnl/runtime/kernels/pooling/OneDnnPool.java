package dev.nnl.runtime.kernels.pooling;

import dev.nnl.runtime.kernels.ChunkPrimitives;
import dev.nnl.runtime.kernels.OneDnn;
import dev.nnl.runtime.kernels.conv.ConvGeometry;
import dev.nnl.runtime.tensor.Tensor;
import dev.nnl.runtime.threads.Parallel;
import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.pooling_backward;
import org.bytedeco.dnnl.pooling_forward;
import org.bytedeco.dnnl.global.dnnl;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SCRATCHPAD;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_WORKSPACE;

/**
 * Float32 max and average pooling through oneDNN's pooling primitives on NHWC tensors. Max
 * pooling ignores padding cells and keeps, in a workspace, which cell won each window (the first
 * of equal ones, as the Java loops do); average pooling divides by the real cells in the window
 * ({@code pooling_avg_exclude_padding}), as Keras does. The batch is cut into chunks like
 * {@code OneDnnConv}'s, split over {@link Parallel}'s threads, each part with its own memory
 * objects and scratchpad; every chunk has its own slice of the workspace.
 */
final class OneDnnPool {
    private final ConvGeometry g;
    private final boolean max;
    private OneDnn.Chunks chunks;
    private final int perIn;
    private final int perOut;
    private final ChunkPrimitives<Shapes, Part> made = new ChunkPrimitives<>(Shapes::new, Part::new);
    private BytePointer workspace;
    private long workspacePerChunk;

    private OneDnnPool(ConvGeometry g, boolean max) {
        this.g = g;
        this.max = max;
        this.perIn = g.h() * g.w() * g.c();
        this.perOut = g.oh() * g.ow() * g.c();
        this.chunks = OneDnn.Chunks.of(g.batch(), 4L * (perIn + perOut));
    }

    /** The oneDNN path for this pooling, or null when oneDNN refuses it or would run a reference implementation. */
    static OneDnnPool create(ConvGeometry g, boolean max) {
        try {
            OneDnnPool p = new OneDnnPool(g, max);
            Shapes full = p.made.shapes(p.chunks.largest());
            if (!full.optimized) {
                return null;
            }
            // Every chunk gets the largest chunk's share of the workspace.
            p.setBatch(g.batch());
            return p;
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Whether this path computes {@code other}'s window (whatever its batch size). */
    boolean serves(ConvGeometry other) {
        return other.withBatch(g.batch()).equals(g);
    }

    /** Runs on batches of {@code batch} samples from now on (the primitives, made per chunk size, stay). */
    void setBatch(int batch) {
        chunks = OneDnn.Chunks.of(batch, 4L * (perIn + perOut));
        if (max) {
            long perChunk = made.shapes(chunks.largest()).workspaceBytes;
            long needed = Math.max(1, perChunk * chunks.count());
            if (workspace == null || workspace.capacity() < needed) {
                // No part holds on to the old one: every chunk sets its workspace before it runs.
                if (workspace != null) {
                    workspace.deallocate();
                }
                workspace = new BytePointer(needed);
            }
            workspacePerChunk = perChunk;
        }
    }




    void forward(Tensor x, Tensor z) {
        int parts = made.prepare(chunks);
        FloatPointer xp = x.pointer();
        FloatPointer zp = z.pointer();
        Parallel.range(parts, (long) chunks.batch() * (perIn + perOut), (from, to) -> {
            for (int p = from; p < to; p++) {
                for (int c = chunks.firstOf(p, parts); c < chunks.firstOf(p + 1, parts); c++) {
                    Part m = made.part(p, chunks.size(c));
                    m.src.set_data_handle(OneDnn.at(xp, (long) chunks.start(c) * perIn));
                    m.dst.set_data_handle(OneDnn.at(zp, (long) chunks.start(c) * perOut));
                    if (max) {
                        m.workspace.set_data_handle(workspaceOf(c));
                    }
                    m.shapes.forward.execute(OneDnn.stream(), m.forwardArgs);
                }
            }
        });
    }

    /** Writes {@code dx} (the whole of it) from {@code dz}, using the windows' winners of the last forward pass. */
    void backward(Tensor dz, Tensor dx) {
        int parts = made.prepare(chunks);
        FloatPointer gp = dz.pointer();
        FloatPointer dxp = dx.pointer();
        Parallel.range(parts, (long) chunks.batch() * (perIn + perOut), (from, to) -> {
            for (int p = from; p < to; p++) {
                for (int c = chunks.firstOf(p, parts); c < chunks.firstOf(p + 1, parts); c++) {
                    Part m = made.part(p, chunks.size(c));
                    m.diffDst.set_data_handle(OneDnn.at(gp, (long) chunks.start(c) * perOut));
                    m.diffSrc.set_data_handle(OneDnn.at(dxp, (long) chunks.start(c) * perIn));
                    if (max) {
                        m.workspace.set_data_handle(workspaceOf(c));
                    }
                    m.shapes.backward.execute(OneDnn.stream(), m.backwardArgs);
                }
            }
        });
    }

    private BytePointer workspaceOf(int c) {
        return new BytePointer(workspace).position(workspacePerChunk * c);
    }

    /** oneDNN's primitives for chunks of {@code n} samples. */
    private final class Shapes {
        final boolean optimized;
        final pooling_forward.primitive_desc forwardDesc;
        final pooling_backward.primitive_desc backwardDesc;
        final pooling_forward forward;
        final pooling_backward backward;
        final long workspaceBytes;
        final memory.desc src;
        final memory.desc dst;

        Shapes(int n) {
            src = OneDnn.desc(memory.format_tag.nhwc, n, g.c(), g.h(), g.w());
            dst = OneDnn.desc(memory.format_tag.nhwc, n, g.c(), g.oh(), g.ow());
            long[] strides = {g.sh(), g.sw()};
            long[] kernel = {g.kh(), g.kw()};
            long[] padL = {g.padTop(), g.padLeft()};
            long[] padR = {padAfter(g.h(), g.oh(), g.kh(), g.sh(), g.padTop()), padAfter(g.w(), g.ow(), g.kw(), g.sw(), g.padLeft())};
            var alg = max ? dnnl.algorithm.pooling_max : dnnl.algorithm.pooling_avg_exclude_padding;
            var fd = new pooling_forward.desc(dnnl.prop_kind.forward_training, alg, src, dst, strides, kernel, padL, padR);
            forwardDesc = new pooling_forward.primitive_desc(fd, OneDnn.userScratchpad(), OneDnn.engine());
            var bd = new pooling_backward.desc(alg, src, dst, strides, kernel, padL, padR);
            backwardDesc = new pooling_backward.primitive_desc(bd, OneDnn.userScratchpad(), OneDnn.engine(), forwardDesc);
            optimized = OneDnn.optimized(forwardDesc) && OneDnn.optimized(backwardDesc);
            forward = new pooling_forward(forwardDesc);
            backward = new pooling_backward(backwardDesc);
            workspaceBytes = max ? forwardDesc.workspace_desc().get_size() : 0;
        }
    }

    private static long padAfter(int in, int out, int k, int s, int before) {
        return Math.max(0, (long) (out - 1) * s + k - in - before);
    }

    /** One part's memory objects for one chunk size. */
    private final class Part {
        final Shapes shapes;
        final memory src;
        final memory dst;
        final memory diffDst;
        final memory diffSrc;
        final memory workspace;
        final IntMemoryMap forwardArgs = new IntMemoryMap();
        final IntMemoryMap backwardArgs = new IntMemoryMap();

        Part(Shapes s) {
            shapes = s;
            FloatPointer none = new FloatPointer(1);
            src = OneDnn.over(s.src, none);
            dst = OneDnn.over(s.dst, none);
            diffDst = OneDnn.over(s.dst, none);
            diffSrc = OneDnn.over(s.src, none);
            workspace = max ? new memory(s.forwardDesc.workspace_desc(), OneDnn.engine(), OneDnnPool.this.workspace) : null;
            forwardArgs.put(DNNL_ARG_SRC, src);
            forwardArgs.put(DNNL_ARG_DST, dst);
            forwardArgs.put(DNNL_ARG_SCRATCHPAD, OneDnn.allocate(s.forwardDesc.scratchpad_desc()));
            backwardArgs.put(DNNL_ARG_DIFF_DST, diffDst);
            backwardArgs.put(DNNL_ARG_DIFF_SRC, diffSrc);
            backwardArgs.put(DNNL_ARG_SCRATCHPAD, OneDnn.allocate(s.backwardDesc.scratchpad_desc()));
            if (max) {
                forwardArgs.put(DNNL_ARG_WORKSPACE, workspace);
                backwardArgs.put(DNNL_ARG_WORKSPACE, workspace);
            }
        }
    }
}
