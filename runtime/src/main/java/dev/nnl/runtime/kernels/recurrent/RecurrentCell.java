package dev.nnl.runtime.kernels.recurrent;

import java.util.Arrays;

/**
 * The recurrent cells, each named once by its Keras class, with the number of gates stacked in its
 * kernels. The training cores ({@link RecurrentCore#create}) and the SameDiff lowering both ask it
 * which cell a layer (or the layer inside a Bidirectional) runs.
 */
public enum RecurrentCell {
    SIMPLE_RNN("SimpleRNN", 1),
    LSTM("LSTM", 4),
    GRU("GRU", 3);

    private final String className;
    private final int gates;

    RecurrentCell(String className, int gates) {
        this.className = className;
        this.gates = gates;
    }

    /** The cell of a recurrent layer class. */
    public static RecurrentCell of(String className) {
        return Arrays.stream(values()).filter(c -> c.className.equals(className)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(className + " is not a recurrent layer"));
    }

    /** Gates stacked along the kernels' last axis: 1 (SimpleRNN), 4 (LSTM: i, f, c, o), 3 (GRU: z, r, h). */
    public int gates() {
        return gates;
    }
}
