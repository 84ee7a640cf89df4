package dev.nnl.runtime.kernels;

import dev.nnl.runtime.tensor.Floats;
import dev.nnl.runtime.tensor.Tensor;
import dev.nnl.runtime.threads.Parallel;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;

/**
 * The loops that apply an {@link Activation} to a tensor: forward {@code a = f(z)} and backward
 * {@code dz = da · f'(z)}, with float32 fast paths for relu. Softmax-like ones work per row of the
 * last axis.
 */
public final class Activations {
    private Activations() {
    }

    public static void forward(Activation f, Tensor z, Tensor a, int n, int lastDim) {
        switch (f) {
            case LINEAR -> copy(z, a, n);
            case RELU -> {
                if (Floats.all(z, a) && n == z.size) {
                    FloatBuffer in = z.floats();
                    FloatBuffer out = a.floats();
                    Parallel.range(Floats.blocks(n), n, (first, last) -> {
                        float[] x = Floats.scratch(0, Math.min(n, Floats.BLOCK));
                        for (int off = first * Floats.BLOCK; off < n && off < last * Floats.BLOCK; off += Floats.BLOCK) {
                            int len = Math.min(Floats.BLOCK, n - off);
                            in.get(off, x, 0, len);
                            for (int i = 0; i < len; i++) {
                                x[i] = Math.max(x[i], 0f);
                            }
                            out.put(off, x, 0, len);
                        }
                    });
                    return;
                }
                for (int i = 0; i < n; i++) {
                    double x = z.get(i);
                    a.set(i, x > 0 ? x : 0);
                }
            }
            case SOFTMAX -> softmax(z, a, n, lastDim, false);
            case LOG_SOFTMAX -> softmax(z, a, n, lastDim, true);
            default -> {
                for (int i = 0; i < n; i++) {
                    a.set(i, f.f(z.get(i)));
                }
            }
        }
    }

    public static void backward(Activation f, Tensor z, Tensor a, Tensor da, Tensor dz, int n, int lastDim) {
        switch (f) {
            case LINEAR -> copy(da, dz, n);
            case RELU -> {
                if (Floats.all(z, da, dz) && n == z.size) {
                    IntBuffer zb = z.bits();
                    IntBuffer gb = da.bits();
                    IntBuffer out = dz.bits();
                    Parallel.range(Floats.blocks(n), n, (first, last) -> {
                        int[] x = Floats.bitsScratch(0, Math.min(n, Floats.BLOCK));
                        int[] g = Floats.bitsScratch(1, Math.min(n, Floats.BLOCK));
                        for (int off = first * Floats.BLOCK; off < n && off < last * Floats.BLOCK; off += Floats.BLOCK) {
                            int len = Math.min(Floats.BLOCK, n - off);
                            zb.get(off, x, 0, len);
                            gb.get(off, g, 0, len);
                            for (int i = 0; i < len; i++) {
                                g[i] &= Floats.positiveMask(x[i]);
                            }
                            out.put(off, g, 0, len);
                        }
                    });
                    return;
                }
                for (int i = 0; i < n; i++) {
                    dz.set(i, z.get(i) > 0 ? da.get(i) : 0);
                }
            }
            case SOFTMAX -> {
                for (int r = 0; r < n; r += lastDim) {
                    double dot = 0;
                    for (int j = r; j < r + lastDim; j++) {
                        dot += da.get(j) * a.get(j);
                    }
                    for (int j = r; j < r + lastDim; j++) {
                        dz.set(j, (a.get(j) * (da.get(j) - dot)));
                    }
                }
            }
            case LOG_SOFTMAX -> {
                for (int r = 0; r < n; r += lastDim) {
                    double sum = 0;
                    for (int j = r; j < r + lastDim; j++) {
                        sum += da.get(j);
                    }
                    for (int j = r; j < r + lastDim; j++) {
                        dz.set(j, (da.get(j) - Math.exp(a.get(j)) * sum));
                    }
                }
            }
            default -> {
                for (int i = 0; i < n; i++) {
                    dz.set(i, (da.get(i) * f.df(z.get(i), a.get(i))));
                }
            }
        }
    }

    private static void softmax(Tensor z, Tensor a, int n, int lastDim, boolean log) {
        for (int r = 0; r < n; r += lastDim) {
            double max = Double.NEGATIVE_INFINITY;
            for (int j = r; j < r + lastDim; j++) {
                max = Math.max(max, z.get(j));
            }
            double sum = 0;
            for (int j = r; j < r + lastDim; j++) {
                sum += Math.exp(z.get(j) - max);
            }
            double logSum = Math.log(sum);
            for (int j = r; j < r + lastDim; j++) {
                double v = z.get(j) - max - logSum;
                a.set(j, (log ? v : Math.exp(v)));
            }
        }
    }

    static void copy(Tensor from, Tensor to, int n) {
        for (int i = 0; i < n; i++) {
            to.set(i, from.get(i));
        }
    }
}
