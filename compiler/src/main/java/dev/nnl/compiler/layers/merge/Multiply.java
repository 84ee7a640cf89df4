package dev.nnl.compiler.layers.merge;

/** keras.layers.Multiply. */
public final class Multiply extends MergeBase {
    @Override
    public String className() {
        return "Multiply";
    }

    @Override
    public String doc() {
        return "Multiplies its inputs elementwise.";
    }

    @Override
    public String example() {
        return "Multiply(a, b)";
    }
}
