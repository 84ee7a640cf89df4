package dev.nnl.runtime.layers;

import dev.nnl.compiler.ir.LayerNode;
import dev.nnl.compiler.layers.BoundLayer;
import dev.nnl.compiler.layers.LayerArgs;
import dev.nnl.runtime.kernels.Activation;
import dev.nnl.runtime.kernels.recurrent.RecurrentCell;
import dev.nnl.runtime.onnx.Attr;
import dev.nnl.runtime.onnx.CellActivation;
import dev.nnl.runtime.onnx.OnnxLowering.Lowered;
import dev.nnl.runtime.onnx.OnnxScope;
import dev.nnl.runtime.onnx.OnnxValue;
import dev.nnl.runtime.samediff.ExportException;
import java.util.ArrayList;
import java.util.List;

/**
 * The ONNX lowerings of the {@link Recurrent} family: one ONNX RNN, LSTM or GRU node per layer,
 * never unrolled. Keras's weights are stored as the op reads them: transposed to (gates·units,
 * features), gates reordered (Keras LSTM i, f, c, o → ONNX i, o, f, c; GRU z, r, h is the same
 * in both), biases split into the op's input and recurrent halves (a GRU with reset_after has
 * both rows; the op's {@code linear_before_reset=1} is Keras's reset_after=True).
 *
 * <p>go_backwards reverses the input (and its mask) along time and runs forward: Keras returns a
 * backwards layer's sequence in processing order, which is then exactly the op's output.
 *
 * <p>Masks. Keras keeps the state at a masked step wherever the step is, while the ONNX ops only
 * know a per-row length. Each row's real steps are therefore moved to the front in order (TopK on
 * the key (1 − mask)·T + t, then GatherElements), the op runs with {@code sequence_lens} = the
 * number of real steps, and a returned sequence is scattered back: the output at step t is the
 * compacted output at cumsum(mask)[t] − 1, the state after the last real step up to t (or the
 * zero initial state when there is none yet), and 0 at masked steps inside a Bidirectional
 * returning sequences, as Keras. The op's backward direction over the compacted row visits the
 * real steps in reverse order, as Keras's backward layer does.
 */
final class RecurrentOnnx {
    private RecurrentOnnx() {
    }

    static Lowered recurrent(OnnxScope s, LayerNode n, OnnxValue[] in) throws ExportException {
        LayerArgs a = n.args();
        RecurrentCell cell = RecurrentCell.of(n.className());
        String[] y = run(s, n, in[0], cell, a, List.of(""), a.getBool("go_backwards"), false);
        return Lowered.of(y[0], a.getBool("return_sequences") ? in[0].mask() : null);
    }

    static Lowered bidirectional(OnnxScope s, LayerNode n, OnnxValue[] in) throws ExportException {
        BoundLayer inner = (BoundLayer) n.args().get("layer");
        LayerArgs a = inner.args();
        if (a.getBool("go_backwards")) {
            throw ExportException.onnx(n, "it wraps a layer with go_backwards=true",
                    "Keras requires the forward and backward layers to differ in go_backwards");
        }
        RecurrentCell cell = RecurrentCell.of(inner.def().className());
        boolean sequences = a.getBool("return_sequences");
        // As in Keras, returning sequences makes both directions output 0 at masked steps.
        String[] y = run(s, n, in[0], cell, a, List.of("forward_", "backward_"), false, sequences);
        String mask = sequences ? in[0].mask() : null;
        String mode = (String) n.args().get("merge_mode");
        if (mode == null) {
            return new Lowered(y, mask);
        }
        String out = switch (mode) {
            case "concat" -> s.op("Concat", List.of(y[0], y[1]), Attr.i("axis", sequences ? 2 : 1));
            case "sum" -> s.add(y[0], y[1]);
            case "mul" -> s.mul(y[0], y[1]);
            case "ave" -> s.div(s.add(y[0], y[1]), s.scalar("two", 2));
            default -> throw ExportException.onnx(n, "unknown merge_mode " + mode, "");
        };
        return Lowered.of(out, mask);
    }

    /** Keras gate block of each ONNX gate block. */
    private static int[] gateOrder(RecurrentCell cell) {
        return switch (cell) {
            case LSTM -> new int[] {0, 3, 1, 2};
            case GRU -> new int[] {0, 1, 2};
            default -> new int[] {0};
        };
    }

    private static String opType(RecurrentCell cell) {
        return switch (cell) {
            case LSTM -> "LSTM";
            case GRU -> "GRU";
            default -> "RNN";
        };
    }

    /**
     * Runs the op over the input, one direction per weight prefix ("" alone, or forward_ and
     * backward_ of a Bidirectional); returns each direction's output as Keras gives it:
     * (batch, steps, units) with return_sequences, else (batch, units).
     */
    private static String[] run(OnnxScope s, LayerNode n, OnnxValue input, RecurrentCell cell, LayerArgs a, List<String> prefixes,
                                boolean goBackwards, boolean zeroOutputForMask) throws ExportException {
        int units = a.getInt("units");
        int[] order = gateOrder(cell);
        boolean sequences = a.getBool("return_sequences");
        boolean resetAfter = cell == RecurrentCell.GRU && a.getBool("reset_after");
        List<CellActivation> acts = activations(n, cell, a);

        String x = input.floats(s);
        String mask = input.mask();
        if (goBackwards) {
            x = reverseTime(s, x);
            mask = mask == null ? null : reverseTime(s, mask);
        }
        String lens = "";
        if (mask != null) {
            // Real steps first, in order: ascending keys (1 − m)·T + t put every real step before every masked one.
            String steps = s.op("Gather", List.of(s.op("Shape", List.of(mask)), s.longs("steps_axis", 1)));
            String stepsF = s.cast(steps, OnnxScope.FLOAT);
            String t = s.op("Range", List.of(s.scalar("zero", 0), s.op("Squeeze", List.of(stepsF)), s.scalar("one", 1)));
            String key = s.add(s.mul(s.sub(s.scalar("one", 1), mask), stepsF), t);
            String order2 = s.ops("TopK", 2, List.of(key, steps), Attr.i("axis", 1), Attr.i("largest", 0), Attr.i("sorted", 1))[1];
            String idx = s.op("Expand", List.of(s.unsqueeze(order2, 2), s.op("Shape", List.of(x))));
            x = s.op("GatherElements", List.of(x, idx), Attr.i("axis", 1));
            lens = s.cast(s.reduce("ReduceSum", mask, false, 1), OnnxScope.INT32);
        }
        String xt = s.transpose(x, 1, 0, 2);

        List<String> inputs = new ArrayList<>(List.of(xt, stacked(s, n, prefixes, "kernel", "W", order, units),
                stacked(s, n, prefixes, "recurrent_kernel", "R", order, units)));
        inputs.add(a.getBool("use_bias") ? biases(s, n, prefixes, order, units, resetAfter) : "");
        inputs.add(lens);
        while (inputs.get(inputs.size() - 1).isEmpty()) {
            inputs.remove(inputs.size() - 1);
        }
        List<Attr> attrs = new ArrayList<>();
        attrs.add(Attr.i("hidden_size", units));
        attrs.add(Attr.s("direction", prefixes.size() == 2 ? "bidirectional" : "forward"));
        addActivations(attrs, acts, prefixes.size());
        if (cell == RecurrentCell.GRU) {
            attrs.add(Attr.i("linear_before_reset", resetAfter ? 1 : 0));
        }
        String[] yy = s.ops(opType(cell), 2, inputs, attrs.toArray(Attr[]::new));

        String[] out = new String[prefixes.size()];
        for (int d = 0; d < out.length; d++) {
            String dir = s.longScalar("direction", d);
            if (!sequences) {
                // Y_h (directions, batch, units): the state after each direction's last real step.
                out[d] = s.op("Gather", List.of(yy[1], dir), Attr.i("axis", 0));
                continue;
            }
            // Y (steps, directions, batch, units) → (batch, steps, units).
            String yd = s.transpose(s.op("Gather", List.of(yy[0], dir), Attr.i("axis", 1)), 1, 0, 2);
            out[d] = mask == null ? yd : scatterBack(s, yd, mask, zeroOutputForMask);
        }
        return out;
    }

    /** The compacted outputs put back at their steps (see the class comment). */
    private static String scatterBack(OnnxScope s, String yd, String mask, boolean zeroOutputForMask) {
        String count = s.op("CumSum", List.of(mask, s.longScalar("time_axis", 1)));
        String at = s.op("Max", List.of(s.sub(count, s.scalar("one", 1)), s.scalar("zero", 0)));
        String idx = s.op("Expand", List.of(s.unsqueeze(s.cast(at, OnnxScope.INT64), 2), s.op("Shape", List.of(yd))));
        String gathered = s.op("GatherElements", List.of(yd, idx), Attr.i("axis", 1));
        String keep = zeroOutputForMask ? mask
                : s.cast(s.op("Greater", List.of(count, s.scalar("zero", 0))), OnnxScope.FLOAT);
        return s.mul(gathered, s.unsqueeze(keep, 2));
    }

    /** x reversed along axis 1 (time), whatever its length. */
    private static String reverseTime(OnnxScope s, String x) {
        return s.op("Slice", List.of(x, s.longs("starts", -1), s.longs("ends", Long.MIN_VALUE), s.longs("axes", 1), s.longs("steps", -1)));
    }

    /** The cell's activations in the op's order (LSTM f, g, h; GRU f, g; RNN f), or an error naming the one ONNX lacks. */
    private static List<CellActivation> activations(LayerNode n, RecurrentCell cell, LayerArgs a) throws ExportException {
        List<String> names = switch (cell) {
            case LSTM -> List.of(a.getString("recurrent_activation"), a.getString("activation"), a.getString("activation"));
            case GRU -> List.of(a.getString("recurrent_activation"), a.getString("activation"));
            default -> List.of(a.getString("activation"));
        };
        List<CellActivation> out = new ArrayList<>();
        for (String name : names) {
            CellActivation c = Activation.of(name).onnxCell();
            if (c == null) {
                throw ExportException.onnx(n, "the activation " + name + " has no counterpart among the ONNX "
                        + opType(cell) + " op's activations",
                        "Use one of linear, relu, sigmoid, tanh, hard_sigmoid, softplus, softsign, elu, leaky_relu");
            }
            out.add(c);
        }
        return out;
    }

    /** activations, activation_alpha and activation_beta, repeated per direction; each value list holds only the functions that take it. */
    private static void addActivations(List<Attr> attrs, List<CellActivation> acts, int directions) {
        List<String> names = new ArrayList<>();
        List<Float> alphas = new ArrayList<>();
        List<Float> betas = new ArrayList<>();
        for (int d = 0; d < directions; d++) {
            for (CellActivation c : acts) {
                names.add(c.name());
                if (c.hasAlpha()) {
                    alphas.add(c.alpha());
                }
                if (c.hasBeta()) {
                    betas.add(c.beta());
                }
            }
        }
        attrs.add(Attr.strings("activations", names.toArray(String[]::new)));
        if (!alphas.isEmpty()) {
            attrs.add(Attr.floats("activation_alpha", toArray(alphas)));
        }
        if (!betas.isEmpty()) {
            attrs.add(Attr.floats("activation_beta", toArray(betas)));
        }
    }

    private static float[] toArray(List<Float> v) {
        float[] out = new float[v.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = v.get(i);
        }
        return out;
    }

    /** Keras (rows, gates·units) matrices of each direction as ONNX's (directions, gates·units, rows), gates reordered. */
    private static String stacked(OnnxScope s, LayerNode n, List<String> prefixes, String weight, String name, int[] order, int units) {
        int gu = order.length * units;
        long rows = s.weight(n, prefixes.get(0) + weight).dims()[0];
        float[] data = new float[(int) (prefixes.size() * gu * rows)];
        for (int d = 0; d < prefixes.size(); d++) {
            OnnxScope.Weight w = s.weight(n, prefixes.get(d) + weight);
            for (int g = 0; g < order.length; g++) {
                for (int u = 0; u < units; u++) {
                    long col = (long) order[g] * units + u;
                    for (long r = 0; r < rows; r++) {
                        data[(int) (((long) d * gu + (long) g * units + u) * rows + r)] = w.at(r, col);
                    }
                }
            }
        }
        return s.constant(name, data, prefixes.size(), gu, rows);
    }

    /** The op's B (directions, 2·gates·units): the input half Wb, then the recurrent half Rb (zero unless GRU reset_after). */
    private static String biases(OnnxScope s, LayerNode n, List<String> prefixes, int[] order, int units, boolean resetAfter) {
        int gu = order.length * units;
        float[] data = new float[prefixes.size() * 2 * gu];
        for (int d = 0; d < prefixes.size(); d++) {
            OnnxScope.Weight b = s.weight(n, prefixes.get(d) + "bias");
            for (int half = 0; half < (resetAfter ? 2 : 1); half++) {
                for (int g = 0; g < order.length; g++) {
                    for (int u = 0; u < units; u++) {
                        long col = (long) order[g] * units + u;
                        float v = resetAfter ? b.at(half, col) : b.at(col);
                        data[d * 2 * gu + half * gu + g * units + u] = v;
                    }
                }
            }
        }
        return s.constant("B", data, prefixes.size(), 2L * gu);
    }
}
