package dev.nnl.runtime.onnx;

/**
 * An activation as the ONNX RNN, LSTM and GRU ops name it in their {@code activations}
 * attribute, with its {@code activation_alpha}/{@code activation_beta} when it takes them (NaN when not).
 */
public record CellActivation(String name, float alpha, float beta) {
    public static CellActivation of(String name) {
        return new CellActivation(name, Float.NaN, Float.NaN);
    }

    public boolean hasAlpha() {
        return !Float.isNaN(alpha);
    }

    public boolean hasBeta() {
        return !Float.isNaN(beta);
    }
}
