package dev.nnl.compiler.ir;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A tensor shape without its batch dimension (which is always unknown, shown as {@code None}).
 * A dimension is a positive size or {@link #NONE} for an unknown one, such as a variable
 * sequence length.
 */
public final class Shape {
    public static final long NONE = -1;

    private final long[] dims;

    private Shape(long[] dims) {
        this.dims = dims;
    }

    public static Shape of(long... dims) {
        return new Shape(dims.clone());
    }

    public static Shape of(List<Long> dims) {
        long[] d = new long[dims.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = dims.get(i);
        }
        return new Shape(d);
    }

    /** Number of per-sample axes (Keras's ndim minus one). */
    public int rank() {
        return dims.length;
    }

    /** Keras's ndim: with the batch axis. */
    public int ndim() {
        return dims.length + 1;
    }

    public long dim(int i) {
        return dims[i];
    }

    public long last() {
        return dims[dims.length - 1];
    }

    public boolean isKnown(int i) {
        return dims[i] != NONE;
    }

    public boolean fullyKnown() {
        for (long d : dims) {
            if (d == NONE) {
                return false;
            }
        }
        return true;
    }

    public long[] dims() {
        return dims.clone();
    }

    public Shape withLast(long d) {
        long[] c = dims.clone();
        c[c.length - 1] = d;
        return new Shape(c);
    }

    public Shape append(long d) {
        long[] c = Arrays.copyOf(dims, dims.length + 1);
        c[dims.length] = d;
        return new Shape(c);
    }

    public Shape prepend(long d) {
        long[] c = new long[dims.length + 1];
        c[0] = d;
        System.arraycopy(dims, 0, c, 1, dims.length);
        return new Shape(c);
    }

    /** Product of all dims; {@link #NONE} if any is unknown; throws on 64-bit overflow. */
    public long elements() {
        long p = 1;
        for (long d : dims) {
            if (d == NONE) {
                return NONE;
            }
            p = Math.multiplyExact(p, d);
        }
        return p;
    }

    /** The shape with the batch axis as a JSON-ready list: {@code [null, 28, 28, 1]}. */
    public List<Long> withBatch() {
        List<Long> out = new ArrayList<>(dims.length + 1);
        out.add(null);
        for (long d : dims) {
            out.add(d == NONE ? null : d);
        }
        return out;
    }

    /** Keras's notation: {@code (None, 26, 26, 32)}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("(None");
        for (long d : dims) {
            sb.append(", ").append(d == NONE ? "None" : Long.toString(d));
        }
        return sb.append(')').toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shape s && Arrays.equals(dims, s.dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }
}
