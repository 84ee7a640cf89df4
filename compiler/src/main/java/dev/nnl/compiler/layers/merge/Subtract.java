package dev.nnl.compiler.layers.merge;

/** keras.layers.Subtract. */
public final class Subtract extends MergeBase {
    @Override
    public String className() {
        return "Subtract";
    }

    @Override
    public String doc() {
        return "Subtracts its second input from its first.";
    }

    @Override
    public String example() {
        return "Subtract(a, b)";
    }

    @Override
    public int maxInputs() {
        return 2;
    }
}
