package dev.nnl.compiler.layers.merge;

/** keras.layers.Maximum. */
public final class Maximum extends MergeBase {
    @Override
    public String className() {
        return "Maximum";
    }

    @Override
    public String doc() {
        return "Takes the elementwise maximum of its inputs.";
    }

    @Override
    public String example() {
        return "Maximum(a, b)";
    }
}
