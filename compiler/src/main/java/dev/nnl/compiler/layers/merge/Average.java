package dev.nnl.compiler.layers.merge;

/** keras.layers.Average. */
public final class Average extends MergeBase {
    @Override
    public String className() {
        return "Average";
    }

    @Override
    public String doc() {
        return "Averages its inputs elementwise.";
    }

    @Override
    public String example() {
        return "Average(a, b)";
    }
}
