package dev.nnl.compiler.layers.merge;

/** keras.layers.Minimum. */
public final class Minimum extends MergeBase {
    @Override
    public String className() {
        return "Minimum";
    }

    @Override
    public String doc() {
        return "Takes the elementwise minimum of its inputs.";
    }

    @Override
    public String example() {
        return "Minimum(a, b)";
    }
}
