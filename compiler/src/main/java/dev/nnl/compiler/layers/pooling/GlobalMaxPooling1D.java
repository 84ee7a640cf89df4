package dev.nnl.compiler.layers.pooling;

/** keras.layers.GlobalMaxPooling1D. */
public final class GlobalMaxPooling1D extends GlobalPoolBase {
    public GlobalMaxPooling1D() {
        super(1);
    }

    @Override
    public String className() {
        return "GlobalMaxPooling1D";
    }

    @Override
    public String doc() {
        return "Takes the maximum over the steps of a sequence.";
    }

    @Override
    public String example() {
        return "GlobalMaxPooling1D()";
    }
}
