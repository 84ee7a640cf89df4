package dev.nnl.compiler.layers.merge;

/** keras.layers.Add. */
public final class Add extends MergeBase {
    @Override
    public String className() {
        return "Add";
    }

    @Override
    public String doc() {
        return "Adds its inputs elementwise.";
    }

    @Override
    public String example() {
        return "Add(a, b)";
    }
}
