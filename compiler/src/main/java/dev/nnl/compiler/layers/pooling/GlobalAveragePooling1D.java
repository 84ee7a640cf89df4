package dev.nnl.compiler.layers.pooling;

import dev.nnl.compiler.layers.Masking;

/** keras.layers.GlobalAveragePooling1D. */
public final class GlobalAveragePooling1D extends GlobalPoolBase {
    public GlobalAveragePooling1D() {
        super(1);
    }

    @Override
    public String className() {
        return "GlobalAveragePooling1D";
    }

    @Override
    public String doc() {
        return "Takes the average over the steps of a sequence.";
    }

    /**
     * Keras 3 averages over the unmasked steps only. The max pooling layers ignore the mask
     * (padded steps take part in the max), which the lint NNL5008 reports.
     */
    @Override
    public Masking masking() {
        return Masking.CONSUME;
    }

    @Override
    public String example() {
        return "GlobalAveragePooling1D()";
    }
}
