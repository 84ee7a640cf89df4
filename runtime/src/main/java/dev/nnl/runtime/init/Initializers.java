package dev.nnl.runtime.init;

import dev.nnl.compiler.value.Value;
import dev.nnl.runtime.tensor.Tensor;
import java.util.SplittableRandom;

/**
 * Keras 3 initializers (keras.initializers), seeded. Fans follow keras's compute_fans: for a
 * conv kernel (kh, kw, in, out) fan_in = kh·kw·in and fan_out = kh·kw·out.
 */
public final class Initializers {
    /** Keras divides truncated-normal stddevs by this so the truncated variance is the target. */
    private static final double TRUNCATION_CORRECTION = 0.87962566103423978;

    private Initializers() {
    }

    /** Fills {@code t} as the initializer value (a symbol such as {@code glorot_uniform} or a call) says. */
    public static void fill(Tensor t, Value init, SplittableRandom rng) {
        String name;
        Value.Call call = null;
        if (init instanceof Value.Call c) {
            call = c;
            name = snake(c.name());
        } else if (init instanceof Value.Sym s) {
            name = s.name();
        } else {
            name = ((Value.Str) init).value();
        }
        long[] shape = t.shape;
        double[] fans = fans(shape);
        double fanIn = fans[0];
        double fanOut = fans[1];
        switch (name) {
            case "zeros" -> t.fill(0);
            case "ones" -> t.fill(1);
            case "constant" -> t.fill(num(call, "value", 0, 0.0));
            case "glorot_uniform" -> uniform(t, Math.sqrt(6 / (fanIn + fanOut)), rng);
            case "glorot_normal" -> truncated(t, 0, Math.sqrt(2 / (fanIn + fanOut)) / TRUNCATION_CORRECTION, rng);
            case "he_uniform" -> uniform(t, Math.sqrt(6 / fanIn), rng);
            case "he_normal" -> truncated(t, 0, Math.sqrt(2 / fanIn) / TRUNCATION_CORRECTION, rng);
            case "lecun_uniform" -> uniform(t, Math.sqrt(3 / fanIn), rng);
            case "lecun_normal" -> truncated(t, 0, Math.sqrt(1 / fanIn) / TRUNCATION_CORRECTION, rng);
            case "random_uniform", "uniform" -> {
                double lo = num(call, "minval", 0, -0.05);
                double hi = num(call, "maxval", 1, 0.05);
                for (int i = 0; i < t.size; i++) {
                    t.set(i, (lo + (hi - lo) * rng.nextDouble()));
                }
            }
            case "random_normal", "normal" -> {
                double mean = num(call, "mean", 0, 0.0);
                double std = num(call, "stddev", 1, 0.05);
                for (int i = 0; i < t.size; i++) {
                    t.set(i, (mean + std * rng.nextGaussian()));
                }
            }
            case "truncated_normal" -> truncated(t, num(call, "mean", 0, 0.0), num(call, "stddev", 1, 0.05), rng);
            case "variance_scaling" -> {
                double scale = num(call, "scale", 0, 1.0);
                String mode = str(call, "mode", "fan_in");
                String dist = str(call, "distribution", "truncated_normal");
                double n = mode.equals("fan_in") ? fanIn : mode.equals("fan_out") ? fanOut : (fanIn + fanOut) / 2;
                double var = scale / Math.max(1, n);
                if (dist.equals("uniform")) {
                    uniform(t, Math.sqrt(3 * var), rng);
                } else if (dist.equals("untruncated_normal")) {
                    for (int i = 0; i < t.size; i++) {
                        t.set(i, (Math.sqrt(var) * rng.nextGaussian()));
                    }
                } else {
                    truncated(t, 0, Math.sqrt(var) / TRUNCATION_CORRECTION, rng);
                }
            }
            case "orthogonal" -> orthogonal(t, num(call, "gain", 0, 1.0), rng);
            case "identity" -> {
                t.fill(0);
                long cols = shape[shape.length - 1];
                double gain = num(call, "gain", 0, 1.0);
                for (long i = 0; i < Math.min(shape[0], cols); i++) {
                    t.set((int) (i * cols + i), gain);
                }
            }
            default -> throw new IllegalArgumentException("unknown initializer " + name);
        }
    }

    static double[] fans(long[] shape) {
        if (shape.length == 0) {
            return new double[] {1, 1};
        }
        if (shape.length == 1) {
            return new double[] {shape[0], shape[0]};
        }
        if (shape.length == 2) {
            return new double[] {shape[0], shape[1]};
        }
        double receptive = 1;
        for (int i = 0; i < shape.length - 2; i++) {
            receptive *= shape[i];
        }
        return new double[] {shape[shape.length - 2] * receptive, shape[shape.length - 1] * receptive};
    }

    private static void uniform(Tensor t, double limit, SplittableRandom rng) {
        for (int i = 0; i < t.size; i++) {
            t.set(i, ((rng.nextDouble() * 2 - 1) * limit));
        }
    }

    /** Normal values redrawn until within two standard deviations, as TensorFlow's truncated_normal. */
    private static void truncated(Tensor t, double mean, double std, SplittableRandom rng) {
        for (int i = 0; i < t.size; i++) {
            double g;
            do {
                g = rng.nextGaussian();
            } while (Math.abs(g) > 2);
            t.set(i, (mean + std * g));
        }
    }

    /** Keras Orthogonal: QR of a normal matrix, signs fixed by diag(R), transposed when wide. */
    private static void orthogonal(Tensor t, double gain, SplittableRandom rng) {
        int cols = (int) t.shape[t.shape.length - 1];
        int rows = t.size / cols;
        int n = Math.max(rows, cols);
        int m = Math.min(rows, cols);
        double[][] q = new double[m][n];
        for (int j = 0; j < m; j++) {
            for (int i = 0; i < n; i++) {
                q[j][i] = rng.nextGaussian();
            }
        }
        // Modified Gram-Schmidt over the m columns of an n×m matrix; the sign of R's diagonal is
        // the sign of each column's norm, which is positive here, so no flip is needed.
        for (int j = 0; j < m; j++) {
            for (int k = 0; k < j; k++) {
                double dot = 0;
                for (int i = 0; i < n; i++) {
                    dot += q[j][i] * q[k][i];
                }
                for (int i = 0; i < n; i++) {
                    q[j][i] -= dot * q[k][i];
                }
            }
            double norm = 0;
            for (int i = 0; i < n; i++) {
                norm += q[j][i] * q[j][i];
            }
            norm = Math.sqrt(norm);
            for (int i = 0; i < n; i++) {
                q[j][i] /= norm;
            }
        }
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                // Tall (rows >= cols): element (r, c) is column c's entry r; wide: the transpose.
                double v = rows >= cols ? q[c][r] : q[r][c];
                t.set(r * cols + c, (gain * v));
            }
        }
    }

    private static double num(Value.Call call, String key, int position, double dflt) {
        if (call == null) {
            return dflt;
        }
        Value v = call.keywords().get(key);
        if (v == null && position < call.positional().size()) {
            v = call.positional().get(position);
        }
        return v instanceof Value.Num n ? n.asDouble() : dflt;
    }

    private static String str(Value.Call call, String key, String dflt) {
        if (call == null) {
            return dflt;
        }
        Value v = call.keywords().get(key);
        if (v instanceof Value.Str s) {
            return s.value();
        }
        return v instanceof Value.Sym s ? s.name() : dflt;
    }

    /** {@code GlorotUniform} → {@code glorot_uniform}, {@code RandomNormal} → {@code random_normal}. */
    static String snake(String cls) {
        return cls.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }
}
