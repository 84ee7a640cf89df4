package dev.nnl.runtime.kernels.conv;

import dev.nnl.runtime.plan.Tensor;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Bulk access to a tensor's memory for the copy-heavy loops of im2col/col2im and pooling:
 * contiguous runs move with the NIO absolute bulk {@code put} (a memcpy) instead of one
 * {@link Tensor#get}/{@link Tensor#set} per element. One subclass per precision, chosen once
 * per tensor, so the calls stay monomorphic in a run.
 */
public abstract class Buf {
    /** Runs shorter than this are copied element by element: a bulk call costs more than a few loads. */
    private static final int SHORT = 16;

    public final Tensor tensor;

    private Buf(Tensor tensor) {
        this.tensor = tensor;
    }

    /** A view over {@code t}'s elements, index 0 being its first element. */
    public static Buf of(Tensor t) {
        return t.dataType() == DataType.DOUBLE ? new F64(t) : new F32(t);
    }

    /** Returns {@code cached} when it already views {@code t}, else a new view (tensors change only with the batch size). */
    public static Buf of(Buf cached, Tensor t) {
        return cached != null && cached.tensor == t ? cached : of(t);
    }

    public abstract double get(int i);

    public abstract void set(int i, double v);

    /** {@code dst[dstPos .. dstPos+len) = this[srcPos .. srcPos+len)}; dst has the same precision. */
    public abstract void copyTo(int srcPos, Buf dst, int dstPos, int len);

    /** {@code dst[dstPos + k] += this[srcPos + k]} for k in [0, len). */
    public abstract void addTo(int srcPos, Buf dst, int dstPos, int len);

    public abstract void zero(int pos, int len);

    private static final class F32 extends Buf {
        private static final float[] ZEROS = new float[4096];
        final FloatBuffer b;

        F32(Tensor t) {
            super(t);
            FloatBuffer all = t.array.data().asNioFloat();
            int offset = (int) t.array.offset();
            all.limit(offset + t.size).position(offset);
            b = all.slice();
        }

        @Override
        public double get(int i) {
            return b.get(i);
        }

        @Override
        public void set(int i, double v) {
            b.put(i, (float) v);
        }

        @Override
        public void copyTo(int srcPos, Buf dst, int dstPos, int len) {
            FloatBuffer d = ((F32) dst).b;
            if (len < SHORT) {
                for (int k = 0; k < len; k++) {
                    d.put(dstPos + k, b.get(srcPos + k));
                }
            } else {
                d.put(dstPos, b, srcPos, len);
            }
        }

        @Override
        public void addTo(int srcPos, Buf dst, int dstPos, int len) {
            FloatBuffer d = ((F32) dst).b;
            for (int k = 0; k < len; k++) {
                d.put(dstPos + k, d.get(dstPos + k) + b.get(srcPos + k));
            }
        }

        @Override
        public void zero(int pos, int len) {
            if (len < SHORT) {
                for (int k = 0; k < len; k++) {
                    b.put(pos + k, 0);
                }
                return;
            }
            while (len > 0) {
                int n = Math.min(len, ZEROS.length);
                b.put(pos, ZEROS, 0, n);
                pos += n;
                len -= n;
            }
        }
    }

    private static final class F64 extends Buf {
        private static final double[] ZEROS = new double[4096];
        final DoubleBuffer b;

        F64(Tensor t) {
            super(t);
            DoubleBuffer all = t.array.data().asNioDouble();
            int offset = (int) t.array.offset();
            all.limit(offset + t.size).position(offset);
            b = all.slice();
        }

        @Override
        public double get(int i) {
            return b.get(i);
        }

        @Override
        public void set(int i, double v) {
            b.put(i, v);
        }

        @Override
        public void copyTo(int srcPos, Buf dst, int dstPos, int len) {
            DoubleBuffer d = ((F64) dst).b;
            if (len < SHORT) {
                for (int k = 0; k < len; k++) {
                    d.put(dstPos + k, b.get(srcPos + k));
                }
            } else {
                d.put(dstPos, b, srcPos, len);
            }
        }

        @Override
        public void addTo(int srcPos, Buf dst, int dstPos, int len) {
            DoubleBuffer d = ((F64) dst).b;
            for (int k = 0; k < len; k++) {
                d.put(dstPos + k, d.get(dstPos + k) + b.get(srcPos + k));
            }
        }

        @Override
        public void zero(int pos, int len) {
            if (len < SHORT) {
                for (int k = 0; k < len; k++) {
                    b.put(pos + k, 0);
                }
                return;
            }
            while (len > 0) {
                int n = Math.min(len, ZEROS.length);
                b.put(pos, ZEROS, 0, n);
                pos += n;
                len -= n;
            }
        }
    }
}
