package dev.nnl.runtime.kernels.recurrent;

import dev.nnl.runtime.kernels.Activation;

/**
 * A Keras activation inside a recurrent cell, as a scalar function for the fused gate loops.
 * tanh and sigmoid are computed from {@link Math#exp} (an intrinsic): {@link Math#tanh} measured
 * ~30× slower, and it runs five times per unit and step in an LSTM.
 */
final class CellActivation {
    private static final int LINEAR = 0;
    private static final int TANH = 1;
    private static final int SIGMOID = 2;
    private static final int RELU = 3;
    private static final int HARD_SIGMOID = 4;
    private static final int OTHER = 5;

    private final Activation activation;
    private final int code;
    /**
     * float32 passes: tanh and sigmoid from a rational minimax approximation of tanh (the one in
     * Eigen, XLA and MLAS; max error 2.6e-7, below float32 resolution of the outputs) instead of
     * exp. float64 passes (gradient checks) use the exact exp forms.
     */
    boolean approximate;

    CellActivation(String name) {
        this.activation = Activation.of(name);
        if (activation.rowwise()) {
            throw new IllegalArgumentException(name + " works on whole rows and cannot be used inside a recurrent cell");
        }
        this.code = switch (activation) {
            case LINEAR -> LINEAR;
            case TANH -> TANH;
            case SIGMOID -> SIGMOID;
            case RELU -> RELU;
            case HARD_SIGMOID -> HARD_SIGMOID;
            default -> OTHER;
        };
    }

    boolean isTanh() {
        return code == TANH;
    }

    boolean isSigmoid() {
        return code == SIGMOID;
    }

    /** True when f'(x) can be computed from f(x) alone, so the pre-activation need not be kept. */
    boolean fromOutput() {
        return code != OTHER;
    }

    double f(double x) {
        switch (code) {
            case TANH:
                return approximate ? rationalTanh(x) : tanh(x);
            case SIGMOID:
                return approximate ? 0.5 + 0.5 * rationalTanh(0.5 * x) : 1 / (1 + Math.exp(-x));
            case LINEAR:
                return x;
            case RELU:
                return x > 0 ? x : 0;
            case HARD_SIGMOID:
                return Activation.hardSigmoid(x);
            default:
                return activation.f(x);
        }
    }

    /** f'(x), given x and f(x); x is not read when {@link #fromOutput()}. */
    double df(double x, double fx) {
        switch (code) {
            case TANH:
                return 1 - fx * fx;
            case SIGMOID:
                return fx * (1 - fx);
            case LINEAR:
                return 1;
            case RELU:
                return fx > 0 ? 1 : 0;
            case HARD_SIGMOID:
                return fx > 0 && fx < 1 ? 1.0 / 6 : 0;
            default:
                return activation.df(x, fx);
        }
    }

    /** tanh as an odd 13/6 rational function, clamped where float32 tanh rounds to ±1. */
    static double rationalTanh(double x) {
        double c = Math.max(-7.90531110763549805, Math.min(7.90531110763549805, x));
        double c2 = c * c;
        double p = c2 * -2.76076847742355e-16 + 2.00018790482477e-13;
        p = c2 * p - 8.60467152213735e-11;
        p = c2 * p + 5.12229709037114e-08;
        p = c2 * p + 1.48572235717979e-05;
        p = c2 * p + 6.37261928875436e-04;
        p = c2 * p + 4.89352455891786e-03;
        double q = c2 * 1.19825839466702e-06 + 1.18534705686654e-04;
        q = c2 * q + 2.26843463243900e-03;
        q = c2 * q + 4.89352518554385e-03;
        return c * p / q;
    }

    static double tanh(double x) {
        double e = Math.exp(-2 * Math.abs(x));
        double t = (1 - e) / (1 + e);
        return x < 0 ? -t : t;
    }
}
