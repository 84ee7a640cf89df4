package dev.nnl.runtime.samediff;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * SameDiff formulas shared by the activations ({@code dev.nnl.runtime.kernels.Activation}, which
 * names them) and the activation layers' lowerings: each computes what the runtime's loop
 * computes, without ND4J ops whose definition differs.
 */
public final class ActivationOps {
    private ActivationOps() {
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
