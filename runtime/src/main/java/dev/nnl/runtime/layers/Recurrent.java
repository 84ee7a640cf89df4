package dev.nnl.runtime.layers;

import dev.nnl.compiler.ir.LayerNode;
import dev.nnl.compiler.ir.Shape;
import dev.nnl.compiler.layers.BoundLayer;
import dev.nnl.compiler.layers.LayerArgs;
import dev.nnl.runtime.kernels.Activation;
import dev.nnl.runtime.kernels.recurrent.BidirectionalKernel;
import dev.nnl.runtime.kernels.recurrent.RecurrentCell;
import dev.nnl.runtime.kernels.recurrent.RecurrentKernel;
import dev.nnl.runtime.samediff.ExportException;
import dev.nnl.runtime.samediff.ExportScope;
import dev.nnl.runtime.samediff.Lowering.Lowered;
import dev.nnl.runtime.samediff.SdValue;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * SimpleRNN, LSTM, GRU and Bidirectional, unrolled over the time steps with matmul and
 * elementwise ops. SameDiff's lstmLayer op is avoided on purpose: graphs using it failed to load
 * back from a saved file (an NPE; docs/samediff.md), and unrolling keeps nnl's exact cell math
 * for every variant (GRU reset_after true or false, any activations, masks). The math and
 * weight layouts are those of the runtime's RecurrentCore, SimpleRnnCore, LstmCore and GruCore: gates stacked i, f, c, o (LSTM) and z, r, h (GRU); a
 * masked step keeps the state and repeats the previous output (or outputs 0 inside a
 * Bidirectional returning sequences); go_backwards returns the sequence in processing order. The
 * ONNX lowerings (one RNN, LSTM or GRU op per layer) are in {@link RecurrentOnnx}.
 */
final class Recurrent {
    private Recurrent() {
    }

    /** What every recurrent layer's Keras config may carry beyond nnl's arguments. */
    private static KerasMapping cellKeras(String... activations) {
        return KerasMapping.tfjsActivations(KerasMapping.generic()
                .ignoring("implementation", "zero_output_for_mask")
                .refusingSet("time_major", "nnl sequences are batch-major; save the model with time_major=False"), activations);
    }

    static void addTo(LayerRuntimes.Entries r) {
        r.add("SimpleRNN", RecurrentKernel::new, Recurrent::recurrent, RecurrentOnnx::recurrent, cellKeras("activation"));
        r.add("LSTM", RecurrentKernel::new, Recurrent::recurrent, RecurrentOnnx::recurrent, cellKeras("activation", "recurrent_activation"));
        r.add("GRU", RecurrentKernel::new, Recurrent::recurrent, RecurrentOnnx::recurrent, cellKeras("activation", "recurrent_activation")
                .tfjsLimit(a -> a.getBool("reset_after"), "TF.js 4.22 cannot build a GRU with reset_after=true (the Keras 3 default); use reset_after=false"));
        r.add("Bidirectional", BidirectionalKernel::new, Recurrent::bidirectional, RecurrentOnnx::bidirectional, KerasMapping.generic().nesting("layer")
                .tfjsLimitMasked(a -> ((BoundLayer) a.get("layer")).args().getBool("return_sequences"), "TF.js 4.22 does not zero the masked steps of the sequences it returns")
                .tfjsLimit(a -> a.get("merge_mode") == null, "TF.js 4.22 cannot run Bidirectional with merge_mode=none (two outputs)")
                .refusingSet("backward_layer", "a separately configured backward layer is not supported; nnl runs a copy of `layer` backwards"));
    }

    /** One direction: which cell, its weights' prefix, and how it orders and masks its output. */
    private record Direction(RecurrentCell cell, LayerArgs args, String prefix, boolean goBackwards, boolean outputInInputOrder,
                             boolean zeroOutputForMask) {
    }

    static Lowered recurrent(ExportScope s, LayerNode n, SdValue[] in) throws ExportException {
        LayerArgs a = n.args();
        Direction d = new Direction(RecurrentCell.of(n.className()), a, "", a.getBool("go_backwards"), false, false);
        SDVariable y = run(s, n, in[0], d);
        return Lowered.of(y, a.getBool("return_sequences") ? in[0].mask() : null);
    }

    static Lowered bidirectional(ExportScope s, LayerNode n, SdValue[] in) throws ExportException {
        BoundLayer inner = (BoundLayer) n.args().get("layer");
        LayerArgs a = inner.args();
        if (a.getBool("go_backwards")) {
            throw ExportException.at(n, "it wraps a layer with go_backwards=true",
                    "Keras requires the forward and backward layers to differ in go_backwards");
        }
        RecurrentCell cell = RecurrentCell.of(inner.def().className());
        boolean sequences = a.getBool("return_sequences");
        // As in Keras, returning sequences makes both directions output 0 at masked steps.
        SDVariable y = run(s, n, in[0], new Direction(cell, a, "forward_", false, false, sequences));
        SDVariable yr = run(s, n, in[0], new Direction(cell, a, "backward_", true, true, sequences));
        SDVariable mask = sequences ? in[0].mask() : null;
        String mode = (String) n.args().get("merge_mode");
        if (mode == null) {
            return new Lowered(new SDVariable[] {y, yr}, mask);
        }
        SDVariable out = switch (mode) {
            case "concat" -> s.sd.concat(sequences ? 2 : 1, y, yr);
            case "sum" -> y.add(yr);
            case "mul" -> y.mul(yr);
            case "ave" -> y.add(yr).div(2);
            default -> throw ExportException.at(n, "unknown merge_mode " + mode, "");
        };
        return Lowered.of(out, mask);
    }

    /** Columns [from, to) of a (batch, k) variable. */
    private static SDVariable cols(SDVariable v, long from, long to) {
        return v.get(SDIndex.all(), SDIndex.interval(from, to));
    }

    private static SDVariable cell(SameDiff sd, String activation, SDVariable x) {
        return Activation.of(activation).sameDiff(sd, x, 2);
    }

    private static SDVariable run(ExportScope s, LayerNode n, SdValue input, Direction d) throws ExportException {
        SameDiff sd = s.sd;
        Shape shape = input.shape();
        long steps = shape.dim(0);
        if (steps == Shape.NONE) {
            throw ExportException.at(n, "its input has an unknown number of time steps",
                    "The SameDiff export unrolls recurrent layers over a fixed sequence length: declare the input's steps, "
                            + "e.g. `input x: (100) int32` or `input x: (28, 28)` instead of None");
        }
        if (steps == 0) {
            throw ExportException.at(n, "its input has 0 time steps", "");
        }
        LayerArgs a = d.args();
        int units = a.getInt("units");
        int gates = d.cell().gates();
        long features = shape.dim(1);
        int T = (int) steps;
        String act = a.getString("activation");
        String ract = a.values().containsKey("recurrent_activation") ? a.getString("recurrent_activation") : null;
        boolean useBias = a.getBool("use_bias");
        boolean sequences = a.getBool("return_sequences");
        boolean resetAfter = d.cell() == RecurrentCell.GRU && a.getBool("reset_after");
        SDVariable kernel = s.weight(n.name(), d.prefix() + "kernel");
        SDVariable recurrent = s.weight(n.name(), d.prefix() + "recurrent_kernel");
        SDVariable bias = useBias ? s.weight(n.name(), d.prefix() + "bias") : null;

        // The input projection of every step in one product, as RecurrentCore does: (B·T, F)·(F, G·U).
        SDVariable proj = input.floats().reshape(-1, features).mmul(kernel).reshape(-1, steps, (long) gates * units);
        SDVariable[] xw = sd.unstack(proj, 1, T);
        SDVariable[] live = null;
        if (input.mask() != null) {
            live = sd.unstack(input.mask().reshape(-1, steps, 1), 1, T);
        }
        SDVariable h = sd.zerosLike(cols(xw[0], 0, units));
        SDVariable c = d.cell() == RecurrentCell.LSTM ? h : null;
        SDVariable[] outs = new SDVariable[T];
        long U = units;
        for (int step = 0; step < T; step++) {
            int t = d.goBackwards() ? T - 1 - step : step;
            SDVariable z = xw[t];
            SDVariable hNew;
            SDVariable cNew = null;
            switch (d.cell()) {
                case SIMPLE_RNN -> {
                    SDVariable pre = z.add(h.mmul(recurrent));
                    if (bias != null) {
                        pre = pre.add(bias);
                    }
                    hNew = cell(sd, act, pre);
                }
                case LSTM -> {
                    SDVariable pre = z.add(h.mmul(recurrent));
                    if (bias != null) {
                        pre = pre.add(bias);
                    }
                    SDVariable i = cell(sd, ract, cols(pre, 0, U));
                    SDVariable f = cell(sd, ract, cols(pre, U, 2 * U));
                    SDVariable g = cell(sd, act, cols(pre, 2 * U, 3 * U));
                    SDVariable o = cell(sd, ract, cols(pre, 3 * U, 4 * U));
                    cNew = f.mul(c).add(i.mul(g));
                    hNew = o.mul(cell(sd, act, cNew));
                }
                default -> hNew = resetAfter // GRU
                        ? gruResetAfter(sd, z, h, recurrent, bias, act, ract, U)
                        : gruResetBefore(sd, z, h, recurrent, bias, act, ract, U);
            }
            SDVariable m = live == null ? null : live[t];
            if (m != null) {
                // A masked row keeps its state: the blend picks h (or c) exactly where m is 0.
                hNew = m.mul(hNew).add(m.rsub(1).mul(h));
                if (cNew != null) {
                    cNew = m.mul(cNew).add(m.rsub(1).mul(c));
                }
            }
            h = hNew;
            c = cNew;
            SDVariable out = d.zeroOutputForMask() && m != null ? h.mul(m) : h;
            outs[d.outputInInputOrder() ? t : step] = out;
        }
        // Without return_sequences the output is the state after the last processed step.
        return sequences ? sd.stack(1, outs) : h;
    }

    /** hh = act(x·W_h + b_h + r·(h·U_h + b_rh)); bias rows: input, recurrent. */
    private static SDVariable gruResetAfter(SameDiff sd, SDVariable z, SDVariable h, SDVariable recurrent, SDVariable bias,
                                            String act, String ract, long U) {
        SDVariable rec = h.mmul(recurrent);
        if (bias != null) {
            z = z.add(bias.get(SDIndex.point(0), SDIndex.all()));
            rec = rec.add(bias.get(SDIndex.point(1), SDIndex.all()));
        }
        SDVariable zg = cell(sd, ract, cols(z, 0, U).add(cols(rec, 0, U)));
        SDVariable rg = cell(sd, ract, cols(z, U, 2 * U).add(cols(rec, U, 2 * U)));
        SDVariable hh = cell(sd, act, cols(z, 2 * U, 3 * U).add(rg.mul(cols(rec, 2 * U, 3 * U))));
        return zg.mul(h).add(zg.rsub(1).mul(hh));
    }

    /** hh = act(x·W_h + b_h + (r·h)·U_h). */
    private static SDVariable gruResetBefore(SameDiff sd, SDVariable z, SDVariable h, SDVariable recurrent, SDVariable bias,
                                             String act, String ract, long U) {
        if (bias != null) {
            z = z.add(bias);
        }
        SDVariable rzr = h.mmul(recurrent.get(SDIndex.all(), SDIndex.interval(0L, 2 * U)));
        SDVariable zg = cell(sd, ract, cols(z, 0, U).add(cols(rzr, 0, U)));
        SDVariable rg = cell(sd, ract, cols(z, U, 2 * U).add(cols(rzr, U, 2 * U)));
        SDVariable hh = cell(sd, act, cols(z, 2 * U, 3 * U).add(rg.mul(h).mmul(recurrent.get(SDIndex.all(), SDIndex.interval(2 * U, 3 * U)))));
        return zg.mul(h).add(zg.rsub(1).mul(hh));
    }
}
