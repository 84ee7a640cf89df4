package dev.nnl.runtime.kernels.recurrent;

/**
 * float32 passes over heap arrays, each small enough for HotSpot C2 to unroll and vectorize (a
 * bigger loop body falls back to scalar code: measured ~5 ns per tanh scalar, ~1.3 ns for these
 * passes together). tanh is the rational minimax approximation of {@link CellActivation}, and
 * sigmoid(x) = 0.5 + 0.5·tanh(x / 2), so one tanh pass serves all gates of a step.
 */
final class FloatPasses {
    /** Beyond this float32 tanh rounds to ±1. */
    static final float CLAMP = 7.90531110763549805f;

    private FloatPasses() {
    }

    /** {@code x[xo + k] = clamp((z[zo + k] + b[k]) · scale[k])} for {@code k < n}. */
    static void affineClamp(float[] z, int zo, float[] b, float[] scale, float[] x, int xo, int n) {
        for (int k = 0; k < n; k++) {
            x[xo + k] = Math.max(-CLAMP, Math.min(CLAMP, (z[zo + k] + b[k]) * scale[k]));
        }
    }

    /** {@code x[o + k] = clamp(x[o + k])}. */
    static void clamp(float[] x, int o, int n) {
        for (int k = 0; k < n; k++) {
            x[o + k] = Math.max(-CLAMP, Math.min(CLAMP, x[o + k]));
        }
    }

    /** tanh in place over x[o, o + n), whose values are already clamped. */
    static void tanhClamped(float[] x, int o, int n) {
        for (int k = 0; k < n; k++) {
            float v = x[o + k];
            float v2 = v * v;
            float p = v2 * -2.76076847742355e-16f + 2.00018790482477e-13f;
            p = v2 * p + -8.60467152213735e-11f;
            p = v2 * p + 5.12229709037114e-08f;
            p = v2 * p + 1.48572235717979e-05f;
            p = v2 * p + 6.37261928875436e-04f;
            p = v2 * p + 4.89352455891786e-03f;
            float q = v2 * 1.19825839466702e-06f + 1.18534705686654e-04f;
            q = v2 * q + 2.26843463243900e-03f;
            q = v2 * q + 4.89352518554385e-03f;
            x[o + k] = v * p / q;
        }
    }

    /** {@code x[o + k] = alpha[k] + beta[k] · x[o + k]}. */
    static void affine(float[] x, int o, float[] alpha, float[] beta, int n) {
        for (int k = 0; k < n; k++) {
            x[o + k] = alpha[k] + beta[k] * x[o + k];
        }
    }
}
