package dev.nnl.runtime.samediff;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * The runtime's Keras 3 activations ({@code dev.nnl.runtime.kernels.Activations}) as SameDiff
 * ops, formula for formula. ND4J's own ops are used only where they compute the same function:
 * its hardSigmoid is Keras 2's 0.2x + 0.5 and its gelu is the tanh approximation, while the
 * runtime uses Keras 3's relu6(x + 3) / 6 and the exact erf form.
 */
public final class ActivationOps {
    private static final double SELU_ALPHA = 1.6732632423543772;
    private static final double SELU_SCALE = 1.0507009873554805;
    /** keras.activations.leaky_relu's default slope (the LeakyReLU layer has its own). */
    private static final double LEAKY_SLOPE = 0.2;

    private ActivationOps() {
    }

    /** f(x); softmax and log_softmax work on the last axis, {@code rank} being x's rank with the batch axis. */
    public static SDVariable apply(SameDiff sd, String name, SDVariable x, int rank) {
        return switch (name) {
            case "linear" -> x;
            case "relu" -> relu(sd, x);
            case "sigmoid" -> sd.nn().sigmoid(x);
            case "tanh" -> sd.math().tanh(x);
            case "softplus" -> softplus(sd, x);
            case "softsign" -> x.div(sd.math().abs(x).add(1));
            case "selu" -> relu(sd, x).add(negativePart(sd, x).mul(SELU_ALPHA)).mul(SELU_SCALE);
            case "elu" -> relu(sd, x).add(negativePart(sd, x));
            case "gelu" -> x.mul(0.5).mul(sd.math().erf(x.mul(1 / Math.sqrt(2))).add(1));
            case "swish", "silu" -> x.mul(sd.nn().sigmoid(x));
            case "hard_sigmoid" -> hardSigmoid(sd, x);
            case "hard_silu", "hard_swish" -> x.mul(hardSigmoid(sd, x));
            case "exponential" -> sd.math().exp(x);
            case "leaky_relu" -> leaky(sd, x, LEAKY_SLOPE);
            case "relu6" -> sd.math().clipByValue(x, 0, 6);
            case "mish" -> x.mul(sd.math().tanh(softplus(sd, x)));
            case "softmax" -> softmax(sd, x, rank - 1);
            case "log_softmax" -> logSoftmax(sd, x, rank - 1);
            default -> throw new IllegalArgumentException("unknown activation " + name);
        };
    }

    public static SDVariable relu(SameDiff sd, SDVariable x) {
        return sd.nn().relu(x, 0);
    }

    /** x where x ≥ 0, slope·x below. */
    public static SDVariable leaky(SameDiff sd, SDVariable x, double slope) {
        return relu(sd, x).sub(relu(sd, x.neg()).mul(slope));
    }

    /** expm1(min(x, 0)): the negative branch of elu/selu, 0 for x ≥ 0. */
    public static SDVariable negativePart(SameDiff sd, SDVariable x) {
        return sd.math().expm1(x.sub(relu(sd, x)));
    }

    /** Keras 3: relu6(x + 3) / 6. */
    public static SDVariable hardSigmoid(SameDiff sd, SDVariable x) {
        return sd.math().clipByValue(x.div(6).add(0.5), 0, 1);
    }

    /** log(1 + e^x) without overflow: max(x, 0) + log1p(e^−|x|), the runtime's two branches in one. */
    public static SDVariable softplus(SameDiff sd, SDVariable x) {
        return relu(sd, x).add(sd.math().log1p(sd.math().exp(sd.math().abs(x).neg())));
    }

    /** Softmax along one axis, shifted by the maximum as the runtime does. */
    public static SDVariable softmax(SameDiff sd, SDVariable x, int axis) {
        SDVariable e = sd.math().exp(x.sub(sd.max(x, true, axis)));
        return e.div(sd.sum(e, true, axis));
    }

    public static SDVariable logSoftmax(SameDiff sd, SDVariable x, int axis) {
        SDVariable shifted = x.sub(sd.max(x, true, axis));
        return shifted.sub(sd.math().log(sd.sum(sd.math().exp(shifted), true, axis)));
    }
}
