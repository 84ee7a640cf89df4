package dev.nnl.runtime.kernels;

import dev.nnl.runtime.tensor.Floats;
import dev.nnl.runtime.tensor.Tensor;
import dev.nnl.runtime.threads.Parallel;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;

/**
 * Keras 3 activations (keras.activations) as plain loops: forward {@code a = f(z)} and backward
 * {@code dz = da · f'(z)}. Softmax-like ones work per row of the last axis.
 */
public final class Activations {
    private static final double SELU_ALPHA = 1.6732632423543772;
    private static final double SELU_SCALE = 1.0507009873554805;
    /** keras.activations.leaky_relu's default slope (the LeakyReLU layer's is 0.3). */
    private static final double LEAKY_SLOPE = 0.2;

    private Activations() {
    }

    public static void forward(String name, Tensor z, Tensor a, int n, int lastDim) {
        switch (name) {
            case "linear" -> copy(z, a, n);
            case "relu" -> {
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
            case "softmax" -> softmax(z, a, n, lastDim, false);
            case "log_softmax" -> softmax(z, a, n, lastDim, true);
            default -> {
                for (int i = 0; i < n; i++) {
                    a.set(i, scalar(name, z.get(i)));
                }
            }
        }
    }

    public static void backward(String name, Tensor z, Tensor a, Tensor da, Tensor dz, int n, int lastDim) {
        switch (name) {
            case "linear" -> copy(da, dz, n);
            case "relu" -> {
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
            case "softmax" -> {
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
            case "log_softmax" -> {
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
                    dz.set(i, (da.get(i) * derivative(name, z.get(i), a.get(i))));
                }
            }
        }
    }

    /** f(x) for the elementwise activations. */
    public static double scalar(String name, double x) {
        return switch (name) {
            case "linear" -> x;
            case "relu" -> Math.max(0, x);
            case "sigmoid" -> sigmoid(x);
            case "tanh" -> Math.tanh(x);
            case "softplus" -> softplus(x);
            case "softsign" -> x / (1 + Math.abs(x));
            case "selu" -> x > 0 ? SELU_SCALE * x : SELU_SCALE * SELU_ALPHA * Math.expm1(x);
            case "elu" -> x > 0 ? x : Math.expm1(x);
            case "gelu" -> 0.5 * x * (1 + erf(x / Math.sqrt(2)));
            case "swish", "silu" -> x * sigmoid(x);
            case "hard_sigmoid" -> hardSigmoid(x);
            case "hard_silu", "hard_swish" -> x * hardSigmoid(x);
            case "exponential" -> Math.exp(x);
            case "leaky_relu" -> x > 0 ? x : LEAKY_SLOPE * x;
            case "relu6" -> Math.min(Math.max(0, x), 6);
            case "mish" -> x * Math.tanh(softplus(x));
            default -> throw new IllegalArgumentException("unknown activation " + name);
        };
    }

    /** f'(x), given x and f(x). */
    public static double derivative(String name, double x, double fx) {
        return switch (name) {
            case "linear" -> 1;
            case "relu" -> x > 0 ? 1 : 0;
            case "sigmoid" -> fx * (1 - fx);
            case "tanh" -> 1 - fx * fx;
            case "softplus" -> sigmoid(x);
            case "softsign" -> 1 / ((1 + Math.abs(x)) * (1 + Math.abs(x)));
            case "selu" -> x > 0 ? SELU_SCALE : SELU_SCALE * SELU_ALPHA * Math.exp(x);
            case "elu" -> x > 0 ? 1 : Math.exp(x);
            case "gelu" -> 0.5 * (1 + erf(x / Math.sqrt(2))) + x * Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
            case "swish", "silu" -> {
                double s = sigmoid(x);
                yield s + x * s * (1 - s);
            }
            case "hard_sigmoid" -> x > -3 && x < 3 ? 1.0 / 6 : 0;
            case "hard_silu", "hard_swish" -> hardSigmoid(x) + (x > -3 && x < 3 ? x / 6 : 0);
            case "exponential" -> fx;
            case "leaky_relu" -> x > 0 ? 1 : LEAKY_SLOPE;
            case "relu6" -> x > 0 && x < 6 ? 1 : 0;
            case "mish" -> {
                double sp = softplus(x);
                double t = Math.tanh(sp);
                yield t + x * (1 - t * t) * sigmoid(x);
            }
            default -> throw new IllegalArgumentException("unknown activation " + name);
        };
    }

    public static double sigmoid(double x) {
        return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
    }

    /** Keras 3: relu6(x + 3) / 6 (Keras 2 and tfjs used 0.2x + 0.5). */
    static double hardSigmoid(double x) {
        return Math.min(Math.max(x / 6 + 0.5, 0), 1);
    }

    static double softplus(double x) {
        return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
    }

    /** erf from Numerical Recipes erfc (fractional error below 1.2e-7: ample for float32). */
    static double erf(double x) {
        double t = 1 / (1 + 0.5 * Math.abs(x));
        double y = t * Math.exp(-x * x - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? 1 - y : y - 1;
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
