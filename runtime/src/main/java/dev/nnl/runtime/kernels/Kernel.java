package dev.nnl.runtime.kernels;

import dev.nnl.compiler.ir.LayerNode;
import dev.nnl.runtime.tensor.ParamStore;
import dev.nnl.runtime.tensor.Tensor;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * One layer's forward and backward pass. A kernel owns its output and gradient buffers and
 * reallocates them only when the batch size changes, so a training step allocates nothing.
 * Parameters are views into the {@link ParamStore}; backward adds into their gradient views.
 */
public abstract class Kernel {
    protected final LayerNode node;
    private boolean inputGradients = true;

    protected Kernel(LayerNode node) {
        this.node = node;
    }

    /**
     * Whether {@link #backward} must return its inputs' gradients. Training turns this off for
     * kernels that read only model inputs: nothing uses the gradient of the data, and for a first
     * Dense or Conv2D layer it is the largest product of the backward pass.
     */
    public final boolean inputGradients() {
        return inputGradients;
    }

    public final void setInputGradients(boolean wanted) {
        inputGradients = wanted;
    }

    public LayerNode node() {
        return node;
    }

    /** Attaches the kernel to its weights: looks up its views into the store once the store exists. */
    public void attach(ParamStore store) {
    }

    /** Fills the kernel's weights as Keras would initialize them. */
    public void initialize(ParamStore store, SplittableRandom rng) {
    }

    /**
     * Computes the outputs. {@code masks[i]} is input i's padding mask (batch, steps) with 1 for
     * real steps, or null.
     */
    public abstract Tensor[] forward(Tensor[] in, Tensor[] masks, RunContext ctx);

    /**
     * Given the gradients of the outputs (an entry is null when that output does not reach the
     * loss), adds parameter gradients into the store and returns the inputs' gradients (null
     * for inputs that are not differentiable, such as token ids).
     */
    public abstract Tensor[] backward(Tensor[] in, Tensor[] masks, Tensor[] dOut, RunContext ctx);

    /** The mask the output carries (Keras's compute_mask); by default the first input's passes through. */
    public Tensor outputMask(Tensor[] in, Tensor[] masks) {
        return masks.length == 0 ? null : masks[0];
    }

    /**
     * Returns {@code t} when it already has this shape, else a zero tensor of the new shape (a
     * batch-size change), in t's memory when it is large enough ({@link Tensor#reuse}).
     */
    protected static Tensor ensure(Tensor t, DataType type, long... shape) {
        if (t != null && t.dataType() == type && java.util.Arrays.equals(t.shape, shape)) {
            return t;
        }
        return Tensor.reuse(t, type, shape);
    }

    /** {@code shape} with its first (batch) entry replaced. */
    protected static long[] withBatch(long[] perSampleWithBatch, long batch) {
        long[] s = perSampleWithBatch.clone();
        s[0] = batch;
        return s;
    }
}
