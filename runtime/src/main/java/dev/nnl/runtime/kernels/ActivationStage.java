package dev.nnl.runtime.kernels;

import dev.nnl.runtime.tensor.Tensor;

/**
 * The activation at the end of Dense, Conv and activation layers, with the pre-activation kept
 * so a loss can work on logits: softmax + cross-entropy (and sigmoid + binary cross-entropy) are
 * computed together from the logits, which is exact and cannot overflow.
 */
public final class ActivationStage {
    private final Activation activation;
    private Tensor z;
    private Tensor a;
    private Tensor dz;
    /** Set by the plan when the loss hands this stage d(loss)/d(logits) directly. */
    private boolean gradientIsForLogits;

    public ActivationStage(String activation) {
        this.activation = Activation.of(activation);
    }

    public Activation activation() {
        return activation;
    }

    /** Applies the activation to {@code z} (owned by the caller); returns the output. */
    public Tensor forward(Tensor zIn) {
        z = zIn;
        if (activation == Activation.LINEAR) {
            a = z;
            return a;
        }
        a = Kernel.ensure(a, z.dataType(), z.shape);
        Activations.forward(activation, z, a, z.size, z.last());
        return a;
    }

    /**
     * Records an output whose kernel applied relu itself (oneDNN's post-op): the pre-activation
     * is not kept, and relu's gradient, which needs only the sign, is then the kernel's to apply.
     */
    public Tensor fusedRelu(Tensor out) {
        if (activation != Activation.RELU) {
            throw new IllegalStateException("only relu is fused into its kernel, not " + activation);
        }
        z = out;
        a = out;
        return out;
    }

    /** d(loss)/dz from d(loss)/da (or from d(loss)/dz itself when the loss fused the activation). */
    public Tensor backward(Tensor da) {
        if (activation == Activation.LINEAR || gradientIsForLogits) {
            return da;
        }
        dz = Kernel.ensure(dz, da.dataType(), da.shape);
        Activations.backward(activation, z, a, da, dz, da.size, da.last());
        return dz;
    }

    public Tensor logits() {
        return z;
    }

    public void setGradientIsForLogits(boolean v) {
        gradientIsForLogits = v;
    }
}
