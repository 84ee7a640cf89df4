package dev.nnl.runtime.tensor;

import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A C-ordered tensor: an ND4J array for BLAS and native ops, and direct element access over the
 * same memory for plain-Java loops. Elementwise work runs as Java loops because ND4J's per-op
 * dispatch (~10–25 µs per op, measured) costs more than the math at these sizes.
 *
 * <p>Training runs in float32; gradient checks run the same kernels in float64, which is why
 * access goes through {@link #get}/{@link #set} (one implementation is loaded per run, so the
 * calls stay monomorphic and inline).
 */
public abstract class Tensor {
    public final INDArray array;
    public final long[] shape;
    public final int size;
    /** The allocation this tensor's memory belongs to: itself, or the larger tensor it reuses. */
    private Tensor root = this;

    private Tensor(INDArray array) {
        if (array.ordering() != 'c') {
            throw new IllegalStateException("tensors are C-ordered");
        }
        this.array = array;
        this.shape = array.shape();
        this.size = (int) array.length();
    }

    public static Tensor zeros(DataType type, long... shape) {
        return wrap(Nd4j.zeros(type, shape));
    }

    /**
     * A zero tensor of this shape in {@code old}'s memory when that allocation is large enough,
     * else a new one. Kernels reallocate when the batch size changes (the last, smaller batch of
     * an epoch; validation; prediction): reusing the largest buffer keeps one allocation per
     * buffer, where fresh ones left native garbage that only a full GC frees (the CNN's peak RSS
     * was 1.5 GB before, docs/performance.md).
     */
    public static Tensor reuse(Tensor old, DataType type, long... shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        if (old != null && old.dataType() == type && n > 0 && old.root.size >= n) {
            Tensor r = old.root;
            Tensor t = wrap(r.array.reshape('c', new long[] {r.size}).get(NDArrayIndex.interval(0, n)).reshape('c', shape));
            t.root = r;
            t.zero(0, t.size);
            return t;
        }
        return zeros(type, shape);
    }

    /** Wraps a C-ordered, contiguous array or view (a weight inside the flat buffer is a view). */
    public static Tensor wrap(INDArray array) {
        return array.dataType() == DataType.DOUBLE ? new F64(array) : new F32(array);
    }

    public abstract double get(int i);

    public abstract void set(int i, double v);

    /**
     * {@code dst[dstPos .. dstPos+len) = this[srcPos .. srcPos+len)}; dst has the same precision
     * and may be this tensor, as long as the two ranges do not overlap.
     */
    public abstract void copyTo(int srcPos, Tensor dst, int dstPos, int len);

    /** {@code dst[dstPos + k] += this[srcPos + k]} for k in [0, len). */
    public abstract void addTo(int srcPos, Tensor dst, int dstPos, int len);

    public abstract void zero(int pos, int len);

    /** The float32 memory itself, for the fused loops of the recurrent kernels' float path. */
    public FloatBuffer floats() {
        throw new IllegalStateException("not a float32 tensor");
    }

    /** The float32 memory as raw IEEE bits, for branch-free integer passes that vectorize. */
    public IntBuffer bits() {
        throw new IllegalStateException("not a float32 tensor");
    }

    /** The float32 memory as a native pointer to its first element, for oneDNN. */
    public FloatPointer pointer() {
        throw new IllegalStateException("not a float32 tensor");
    }

    public final boolean isFloat() {
        return this instanceof F32;
    }

    /** Runs shorter than this are copied element by element: a bulk call costs more than a few loads. */
    private static final int SHORT = 16;

    public final void add(int i, double v) {
        set(i, get(i) + v);
    }

    public final void fill(double v) {
        for (int i = 0; i < size; i++) {
            set(i, v);
        }
    }

    public final void copyFrom(Tensor other) {
        for (int i = 0; i < size; i++) {
            set(i, other.get(i));
        }
    }

    /** A view with another shape over the same memory. */
    public final Tensor reshape(long... newShape) {
        return wrap(array.reshape('c', newShape));
    }

    public final DataType dataType() {
        return array.dataType();
    }

    public final long batch() {
        return shape[0];
    }

    /** Elements per sample. */
    public final int perSample() {
        return (int) (size / shape[0]);
    }

    public final int last() {
        return (int) shape[shape.length - 1];
    }

    private static final class F32 extends Tensor {
        private static final float[] ZEROS = new float[4096];
        private final FloatBuffer data;
        private FloatPointer pointer;

        F32(INDArray array) {
            super(array);
            // A view starts at an offset into its parent's buffer: slice there, so loops index from 0.
            FloatBuffer all = array.data().asNioFloat();
            int offset = (int) array.offset();
            all.limit(offset + size).position(offset);
            data = all.slice();
        }

        @Override
        public double get(int i) {
            return data.get(i);
        }

        @Override
        public void set(int i, double v) {
            data.put(i, (float) v);
        }

        @Override
        public void copyTo(int srcPos, Tensor dst, int dstPos, int len) {
            FloatBuffer d = ((F32) dst).data;
            // A buffer cannot bulk-put from itself: a copy within one tensor goes element by element.
            if (len < SHORT || d == data) {
                for (int k = 0; k < len; k++) {
                    d.put(dstPos + k, data.get(srcPos + k));
                }
            } else {
                d.put(dstPos, data, srcPos, len);
            }
        }

        @Override
        public void addTo(int srcPos, Tensor dst, int dstPos, int len) {
            FloatBuffer d = ((F32) dst).data;
            for (int k = 0; k < len; k++) {
                d.put(dstPos + k, d.get(dstPos + k) + data.get(srcPos + k));
            }
        }

        @Override
        public void zero(int pos, int len) {
            if (len < SHORT) {
                for (int k = 0; k < len; k++) {
                    data.put(pos + k, 0);
                }
                return;
            }
            while (len > 0) {
                int n = Math.min(len, ZEROS.length);
                data.put(pos, ZEROS, 0, n);
                pos += n;
                len -= n;
            }
        }

        @Override
        public FloatBuffer floats() {
            return data;
        }

        @Override
        public IntBuffer bits() {
            IntBuffer all = array.data().asNio().order(ByteOrder.nativeOrder()).asIntBuffer();
            int offset = (int) array.offset();
            all.limit(offset + size).position(offset);
            return all.slice();
        }

        @Override
        public FloatPointer pointer() {
            if (pointer == null) {
                pointer = new FloatPointer(data);
            }
            return pointer;
        }
    }

    private static final class F64 extends Tensor {
        private static final double[] ZEROS = new double[4096];
        private final DoubleBuffer data;

        F64(INDArray array) {
            super(array);
            DoubleBuffer all = array.data().asNioDouble();
            int offset = (int) array.offset();
            all.limit(offset + size).position(offset);
            data = all.slice();
        }

        @Override
        public double get(int i) {
            return data.get(i);
        }

        @Override
        public void set(int i, double v) {
            data.put(i, v);
        }

        @Override
        public void copyTo(int srcPos, Tensor dst, int dstPos, int len) {
            DoubleBuffer d = ((F64) dst).data;
            if (len < SHORT || d == data) {
                for (int k = 0; k < len; k++) {
                    d.put(dstPos + k, data.get(srcPos + k));
                }
            } else {
                d.put(dstPos, data, srcPos, len);
            }
        }

        @Override
        public void addTo(int srcPos, Tensor dst, int dstPos, int len) {
            DoubleBuffer d = ((F64) dst).data;
            for (int k = 0; k < len; k++) {
                d.put(dstPos + k, d.get(dstPos + k) + data.get(srcPos + k));
            }
        }

        @Override
        public void zero(int pos, int len) {
            if (len < SHORT) {
                for (int k = 0; k < len; k++) {
                    data.put(pos + k, 0);
                }
                return;
            }
            while (len > 0) {
                int n = Math.min(len, ZEROS.length);
                data.put(pos, ZEROS, 0, n);
                pos += n;
                len -= n;
            }
        }
    }
}
