package dev.nnl.runtime.kernels;

/** A kernel whose output is an activation of logits it keeps (see {@link ActivationStage}). */
public interface HasLogits {
    ActivationStage activationStage();
}
