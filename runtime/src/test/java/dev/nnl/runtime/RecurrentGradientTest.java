package dev.nnl.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Gradient checks of SimpleRNN, LSTM, GRU and Bidirectional (float64 finite differences through
 * the hand-written BPTT), one model per argument that changes the math. Sequences are 5 steps.
 */
class RecurrentGradientTest {
    /** The cells, each as it is written inside a layer call, with 3 units. */
    static final List<String> CELLS = List.of(
            "SimpleRNN(3",
            "LSTM(3",
            "GRU(3",
            "GRU(3, reset_after=false");

    static Stream<String> everyCellAndSequenceMode() {
        List<String> out = new ArrayList<>();
        for (String cell : CELLS) {
            for (String opts : List.of("", ", return_sequences=true", ", go_backwards=true",
                    ", return_sequences=true, go_backwards=true", ", use_bias=false")) {
                out.add(cell + opts + ")");
            }
        }
        return out.stream();
    }

    @ParameterizedTest
    @MethodSource("everyCellAndSequenceMode")
    void floatInputs(String layer) {
        GradientCheck.check("model M {\n input x: (5, 2)\n " + layer + "\n}\n", 3, false);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "SimpleRNN(3, activation=relu, return_sequences=true)",
        "SimpleRNN(3, activation=linear)",
        "SimpleRNN(3, activation=selu, return_sequences=true)",
        "LSTM(3, activation=relu, recurrent_activation=hard_sigmoid, return_sequences=true)",
        "LSTM(3, activation=swish, recurrent_activation=softsign, return_sequences=true)",
        "LSTM(3, activation=none, recurrent_activation=sigmoid)",
        "GRU(3, activation=elu, recurrent_activation=hard_sigmoid, return_sequences=true)",
        "GRU(3, activation=softplus, recurrent_activation=tanh)",
        "GRU(3, reset_after=false, activation=gelu, recurrent_activation=swish, return_sequences=true)",
        "GRU(3, reset_after=false, activation=relu, recurrent_activation=linear)",
    })
    void activations(String layer) {
        GradientCheck.check("model M {\n input x: (5, 2)\n " + layer + "\n}\n", 3, false);
    }

    static Stream<String> everyCellMasked() {
        List<String> out = new ArrayList<>();
        for (String cell : CELLS) {
            for (String opts : List.of("", ", return_sequences=true", ", go_backwards=true",
                    ", return_sequences=true, go_backwards=true")) {
                out.add(cell + opts + ")");
            }
        }
        return out.stream();
    }

    /** Token ids with padding (GradientCheck pads row 0 at the end, row 1 in the middle). */
    @ParameterizedTest
    @MethodSource("everyCellMasked")
    void masked(String layer) {
        GradientCheck.check("model M {\n input x: (6) int32\n Embedding(9, 2, mask_zero=true)\n " + layer + "\n Dense(2)\n}\n", 3, false);
    }

    static Stream<String> everyCellWithDropout() {
        List<String> out = new ArrayList<>();
        for (String cell : CELLS) {
            out.add(cell + ", dropout=0.3, recurrent_dropout=0.4, return_sequences=true)");
            out.add(cell + ", dropout=0.5, go_backwards=true)");
            out.add(cell + ", recurrent_dropout=0.5)");
        }
        return out.stream();
    }

    /** Training mode: one input and one recurrent mask per sequence; replayed for every evaluation. */
    @ParameterizedTest
    @MethodSource("everyCellWithDropout")
    void dropoutWhileTraining(String layer) {
        GradientCheck.check("model M {\n input x: (5, 4)\n " + layer + "\n}\n", 4, true);
    }

    @ParameterizedTest
    @MethodSource("everyCellWithDropout")
    void dropoutWithMasks(String layer) {
        GradientCheck.check("model M {\n input x: (6) int32\n Embedding(9, 4, mask_zero=true)\n " + layer + "\n}\n", 4, true);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "input x: (5, 2)\n SimpleRNN(3, return_sequences=true)\n LSTM(4, return_sequences=true)\n GRU(2)",
        "input x: (5, 2)\n GRU(3, return_sequences=true, reset_after=false)\n LSTM(2, go_backwards=true)\n Dense(2)",
        "input x: (6) int32\n Embedding(9, 3, mask_zero=true)\n LSTM(3, return_sequences=true)\n GRU(2, return_sequences=true)\n SimpleRNN(2)",
        "input x: (5, 2)\n Dense(3)\n LSTM(3, return_sequences=true)\n Dense(2)",
    })
    void stacked(String body) {
        GradientCheck.check("model M {\n " + body + "\n}\n", 3, false);
    }

    static Stream<String> bidirectional() {
        List<String> out = new ArrayList<>();
        for (String mode : List.of("concat", "sum", "mul", "ave", "none")) {
            out.add("LSTM(3, return_sequences=true), merge_mode=" + mode);
            out.add("GRU(2), merge_mode=" + mode);
        }
        out.add("SimpleRNN(3)");
        out.add("SimpleRNN(3, return_sequences=true, activation=relu), merge_mode=sum");
        out.add("GRU(3, reset_after=false, return_sequences=true), merge_mode=mul");
        out.add("LSTM(2, use_bias=false)");
        return out.stream();
    }

    @ParameterizedTest
    @MethodSource("bidirectional")
    void bidirectionalFloatInputs(String args) {
        GradientCheck.check("model M {\n input x: (5, 2)\n Bidirectional(" + args + ")\n}\n", 3, false);
    }

    @ParameterizedTest
    @MethodSource("bidirectional")
    void bidirectionalMasked(String args) {
        GradientCheck.check("model M {\n input x: (6) int32\n Embedding(9, 2, mask_zero=true)\n Bidirectional(" + args + ")\n}\n", 3, false);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "Bidirectional(LSTM(3, return_sequences=true, dropout=0.3, recurrent_dropout=0.3))",
        "Bidirectional(GRU(2, dropout=0.4, recurrent_dropout=0.2), merge_mode=mul)",
    })
    void bidirectionalDropout(String layer) {
        GradientCheck.check("model M {\n input x: (6) int32\n Embedding(9, 3, mask_zero=true)\n " + layer + "\n}\n", 4, true);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "input x: (5, 2)\n Bidirectional(LSTM(3, return_sequences=true))\n Bidirectional(GRU(2))\n Dense(2)",
        "input x: (6) int32\n Embedding(9, 3, mask_zero=true)\n Bidirectional(SimpleRNN(2, return_sequences=true))\n LSTM(2)",
    })
    void bidirectionalStacked(String body) {
        GradientCheck.check("model M {\n " + body + "\n}\n", 3, false);
    }
}
