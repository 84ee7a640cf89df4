package dev.nnl.runtime.kernels.core;

import dev.nnl.compiler.ir.LayerNode;
import dev.nnl.runtime.kernels.Kernel;
import dev.nnl.runtime.kernels.RunContext;
import dev.nnl.runtime.tensor.Tensor;

/** Flatten and Reshape: a view with the output shape; no data moves (C order, as Keras). */
public final class ReshapeKernel extends Kernel {
    /**
     * The last input, its view and the last gradient's view: a kernel's buffers stay the same
     * objects from step to step, and making an ND4J view costs ~0.3 ms (on the CNN, 1% of a step).
     */
    private Tensor lastIn;
    private Tensor lastOut;
    private Tensor lastDOut;
    private Tensor lastDIn;

    public ReshapeKernel(LayerNode node) {
        super(node);
    }

    @Override
    public Tensor[] forward(Tensor[] in, Tensor[] masks, RunContext ctx) {
        if (in[0] == lastIn) {
            return new Tensor[] {lastOut};
        }
        long[] shape = withBatch(node.outputShapes().get(0).prepend(1).dims(), in[0].batch());
        // A -1 left by the checker (unknown input size) is resolved from the actual size here.
        long known = 1;
        int unknown = -1;
        for (int i = 1; i < shape.length; i++) {
            if (shape[i] < 0) {
                unknown = i;
            } else {
                known *= shape[i];
            }
        }
        if (unknown > 0) {
            shape[unknown] = in[0].size / (known * in[0].batch());
        }
        lastOut = in[0].reshape(shape);
        lastIn = in[0];
        return new Tensor[] {lastOut};
    }

    @Override
    public Tensor[] backward(Tensor[] in, Tensor[] masks, Tensor[] dOut, RunContext ctx) {
        if (dOut[0] != lastDOut || !java.util.Arrays.equals(lastDIn.shape, in[0].shape)) {
            lastDIn = dOut[0].reshape(in[0].shape);
            lastDOut = dOut[0];
        }
        return new Tensor[] {lastDIn};
    }

    @Override
    public Tensor outputMask(Tensor[] in, Tensor[] masks) {
        return null;
    }
}
