package dev.nnl.runtime.plan;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A C-ordered tensor: an ND4J array for BLAS and native ops, and direct element access over the
 * same memory for plain-Java loops. Elementwise work runs as Java loops because ND4J's per-op
 * dispatch (~10–25 µs, RUNTIME_NOTES) costs more than the math at these sizes.
 *
 * <p>Training runs in float32; gradient checks run the same kernels in float64, which is why
 * access goes through {@link #get}/{@link #set} (one implementation is loaded per run, so the
 * calls stay monomorphic and inline).
 */
public abstract class Tensor {
    public final INDArray array;
    public final long[] shape;
    public final int size;

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

    /** Wraps a C-ordered, contiguous array or view (a weight inside the flat buffer is a view). */
    public static Tensor wrap(INDArray array) {
        return array.dataType() == DataType.DOUBLE ? new F64(array) : new F32(array);
    }

    public abstract double get(int i);

    public abstract void set(int i, double v);

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
        private final FloatBuffer data;

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
    }

    private static final class F64 extends Tensor {
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
    }
}
