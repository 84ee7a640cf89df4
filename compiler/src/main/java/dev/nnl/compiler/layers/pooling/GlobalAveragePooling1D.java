package dev.nnl.compiler.layers.pooling;

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

    @Override
    public String example() {
        return "GlobalAveragePooling1D()";
    }
}
