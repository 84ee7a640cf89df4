package dev.nnl.runtime.kernels;

import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.engine;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.primitive_attr;
import org.bytedeco.dnnl.primitive_desc_base;
import org.bytedeco.dnnl.reorder;
import org.bytedeco.dnnl.stream;
import org.bytedeco.dnnl.global.dnnl;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * What the kernels share to call oneDNN ({@code org.bytedeco:dnnl} 2.5.2, the C++ API of its
 * JavaCPP presets): the CPU engine, a stream per thread, float32 memory descriptors, and the rule
 * that oneDNN runs single-threaded in every calling thread.
 *
 * <p>oneDNN's OpenMP team would busy-wait between calls and take the core from the Java loops in
 * between (docs/performance.md); instead the kernels split their work into parts that
 * {@link dev.nnl.runtime.threads.Parallel} runs, one oneDNN call per part, so {@code --threads}
 * stays exact. Primitives use a scratchpad the caller owns ({@link #userScratchpad}): oneDNN's own
 * (library) scratchpad may only be used from the thread that created the primitive, while with a
 * scratchpad per part any worker may run any part.
 */
public final class OneDnn {
    private static final engine ENGINE = new engine(engine.kind.cpu, 0);
    private static final ThreadLocal<stream> STREAM = ThreadLocal.withInitial(() -> new stream(ENGINE));
    private static final ThreadLocal<Boolean> SINGLE_THREADED = new ThreadLocal<>();

    private OneDnn() {
    }

    public static engine engine() {
        return ENGINE;
    }

    /** This thread's stream, after making sure oneDNN starts no OpenMP team from it. */
    public static stream stream() {
        singleThreaded();
        return STREAM.get();
    }

    /** OpenMP's thread count is per calling thread: oneDNN must not start a team from any of ours. */
    public static void singleThreaded() {
        if (SINGLE_THREADED.get() == null) {
            NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(1);
            SINGLE_THREADED.set(Boolean.TRUE);
        }
    }

    /** A float32 descriptor of logical dimensions {@code dims} (oneDNN's order: N, C, H, W) stored as {@code tag}. */
    public static memory.desc desc(memory.format_tag tag, long... dims) {
        return new memory.desc(dims, memory.data_type.f32, tag);
    }

    /** A memory object that oneDNN allocates (blocked weights, scratchpads). */
    public static memory allocate(memory.desc d) {
        return new memory(d, ENGINE);
    }

    /** A memory object over our own buffer; its data handle is moved with {@link #at}. */
    public static memory over(memory.desc d, FloatPointer data) {
        return new memory(d, ENGINE, at(data, 0));
    }

    /**
     * A handle {@code elements} floats into {@code data}. JavaCPP passes a {@code void*} argument
     * as the address plus the pointer's position counted in bytes, whatever the pointer's element
     * type, so the offset is given to a byte pointer.
     */
    public static Pointer at(FloatPointer data, long elements) {
        return new BytePointer(data).position(4L * (data.position() + elements));
    }

    /** An attribute with a caller-owned scratchpad (the primitives' other attributes added by the caller). */
    public static primitive_attr userScratchpad() {
        primitive_attr attr = new primitive_attr();
        attr.set_scratchpad_mode(dnnl.scratchpad_mode.user);
        return attr;
    }

    /**
     * Refuses the reference implementations: oneDNN falls back to them for what its optimized
     * kernels cannot do, and they are far slower than the im2col path.
     */
    public static boolean optimized(primitive_desc_base pd) {
        String impl = pd.impl_info_str().getString();
        return !impl.startsWith("ref");
    }

    /**
     * A reorder (a copy between two layouts) from {@code from} to {@code to}, with its own
     * scratchpad so that any thread may run it.
     */
    public static Copy copy(memory from, memory to) {
        var pd = new reorder.primitive_desc(from, to, userScratchpad(), false);
        IntMemoryMap args = new IntMemoryMap();
        args.put(dnnl.DNNL_ARG_FROM, from);
        args.put(dnnl.DNNL_ARG_TO, to);
        args.put(dnnl.DNNL_ARG_SCRATCHPAD, allocate(pd.scratchpad_desc()));
        return new Copy(new reorder(pd), args);
    }

    /** A reorder and the memory it copies, see {@link #copy}. */
    public record Copy(reorder primitive, IntMemoryMap args) {
        public void run() {
            primitive.execute(stream(), args);
        }
    }

    /**
     * A batch cut into chunks of whole samples for the kernels that run oneDNN chunk by chunk:
     * each chunk's data is about {@link #CHUNK_BYTES} (a core's L2 cache), and the number of
     * chunks is a multiple of the threads so that they share the chunks evenly. Chunk sizes
     * differ by at most one sample, so at most two sizes of primitives are made.
     */
    public record Chunks(int batch, int count) {
        public static final long CHUNK_BYTES = 1 << 20;

        public static Chunks of(int batch, long bytesPerSample) {
            int threads = dev.nnl.runtime.threads.Parallel.threads();
            long wanted = Math.max(1, (batch * bytesPerSample + CHUNK_BYTES - 1) / CHUNK_BYTES);
            wanted = (wanted + threads - 1) / threads * threads;
            return new Chunks(batch, (int) Math.max(1, Math.min(batch, wanted)));
        }

        /** The first sample of chunk {@code c}. */
        public int start(int c) {
            return (int) ((long) batch * c / count);
        }

        public int size(int c) {
            return start(c + 1) - start(c);
        }

        /** The largest chunk, whose size any chunk's share of a per-chunk buffer is measured in. */
        public int largest() {
            return (batch + count - 1) / count;
        }

        /** The parts the chunks are split into: one per thread, at most one per chunk. */
        public int parts() {
            return Math.max(1, Math.min(dev.nnl.runtime.threads.Parallel.threads(), count));
        }

        /** The first chunk of part {@code p} of {@code parts}. */
        public int firstOf(int p, int parts) {
            return (int) ((long) count * p / parts);
        }
    }

    /** The implementation oneDNN picked, for benchmarks and tests. */
    public static String implementation(primitive_desc_base pd) {
        return pd.impl_info_str().getString();
    }
}
