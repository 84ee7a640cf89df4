package dev.nnl.compiler.layers;

import dev.nnl.compiler.ir.Shape;

/** Output-length arithmetic of Keras's convolution and pooling (keras/src/ops/operation_utils.py). */
public final class ConvMath {
    private ConvMath() {
    }

    /** Convolution: valid shrinks by the dilated kernel; same and causal keep ceil(n / stride). */
    public static long convLength(long in, long kernel, long stride, long dilation, String padding) {
        if (in == Shape.NONE) {
            return Shape.NONE;
        }
        if (padding.equals("valid")) {
            long effective;
            try {
                effective = Math.addExact(Math.multiplyExact(kernel - 1, dilation), 1);
            } catch (ArithmeticException tooLarge) {
                effective = Long.MAX_VALUE; // larger than any input: an empty output, reported as such
            }
            return Math.floorDiv(in - effective, stride) + 1;
        }
        return ceilDiv(in, stride);
    }

    /** ceil(n / stride) for n >= 0 without the overflow of {@code n + stride - 1}. */
    private static long ceilDiv(long n, long stride) {
        return Math.floorDiv(n - 1, stride) + 1;
    }

    /** Pooling: valid is floor((n - pool) / stride) + 1; same is ceil(n / stride). */
    public static long poolLength(long in, long pool, long stride, String padding) {
        if (in == Shape.NONE) {
            return Shape.NONE;
        }
        if (padding.equals("valid")) {
            return Math.floorDiv(in - pool, stride) + 1;
        }
        return ceilDiv(in, stride);
    }

    /** Renders an axis list like Keras: {@code (3, 3)} or {@code 3} for one axis. */
    public static String tuple(long[] v) {
        if (v.length == 1) {
            return Long.toString(v[0]);
        }
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < v.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(v[i]);
        }
        return sb.append(')').toString();
    }
}
