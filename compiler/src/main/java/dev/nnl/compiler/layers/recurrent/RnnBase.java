package dev.nnl.compiler.layers.recurrent;

import dev.nnl.compiler.diag.Code;
import dev.nnl.compiler.ir.Shape;
import dev.nnl.compiler.ir.Weight;
import dev.nnl.compiler.layers.ArgType;
import dev.nnl.compiler.layers.Category;
import dev.nnl.compiler.layers.Common;
import dev.nnl.compiler.layers.Family;
import dev.nnl.compiler.layers.LayerArgs;
import dev.nnl.compiler.layers.LayerContext;
import dev.nnl.compiler.layers.Masking;
import dev.nnl.compiler.layers.ParamSchema;
import dev.nnl.compiler.layers.SingleInputLayer;
import dev.nnl.compiler.layers.TensorKind;
import java.util.ArrayList;
import java.util.List;

/**
 * Shared rules of Keras's SimpleRNN, LSTM and GRU: a (batch, steps, features) input, the last
 * state or the whole sequence out, and kernels stacked per gate in Keras order.
 */
public abstract class RnnBase extends SingleInputLayer {
    /** Number of gate blocks stacked in the kernels: 1 (SimpleRNN), 4 (LSTM), 3 (GRU). */
    private final int gates;

    RnnBase(int gates) {
        this.gates = gates;
    }

    /** Arguments every recurrent layer has, after the layer-specific head. */
    static ParamSchema.Builder common(ParamSchema.Builder b, boolean lstm) {
        b.optional("use_bias", ArgType.bool(), true, "true", "Whether to add bias vectors.")
                .optional("kernel_initializer", Common.INITIALIZER, Common.sym("glorot_uniform"), "glorot_uniform", "Initializer for the input kernel.")
                .optional("recurrent_initializer", Common.INITIALIZER, Common.sym("orthogonal"), "orthogonal", "Initializer for the recurrent kernel.")
                .optional("bias_initializer", Common.INITIALIZER, Common.sym("zeros"), "zeros", "Initializer for the bias.");
        if (lstm) {
            b.optional("unit_forget_bias", ArgType.bool(), true, "true", "Start the forget-gate bias at 1 (Jozefowicz et al.).");
        }
        return b.optional("kernel_regularizer", Common.REGULARIZER, null, "none", "Regularizer on the input kernel.")
                .optional("recurrent_regularizer", Common.REGULARIZER, null, "none", "Regularizer on the recurrent kernel.")
                .optional("bias_regularizer", Common.REGULARIZER, null, "none", "Regularizer on the bias.")
                .optional("activity_regularizer", Common.REGULARIZER, null, "none", "Regularizer on the output.")
                .optional("kernel_constraint", Common.CONSTRAINT, null, "none", "Constraint on the input kernel.")
                .optional("recurrent_constraint", Common.CONSTRAINT, null, "none", "Constraint on the recurrent kernel.")
                .optional("bias_constraint", Common.CONSTRAINT, null, "none", "Constraint on the bias.")
                .optional("dropout", Common.RATE, 0.0, "0", "Dropout on the inputs, while training.")
                .optional("recurrent_dropout", Common.RATE, 0.0, "0", "Dropout on the recurrent state, while training.")
                .optional("seed", Common.SEED, null, "none", "Random seed for dropout.")
                .optional("return_sequences", ArgType.bool(), false, "false", "Return the output at every step, not only the last.")
                .optional("return_state", ArgType.bool(), false, "false", "Also return the final states (not supported yet).")
                .optional("go_backwards", ArgType.bool(), false, "false", "Process the sequence backwards.")
                .optional("stateful", ArgType.bool(), false, "false", "Carry states across batches (not supported).")
                .optional("unroll", ArgType.bool(), false, "false", "Unroll the loop (needs a known number of steps).");
    }

    @Override
    public Category category() {
        return Category.RECURRENT;
    }

    @Override
    public Family family() {
        return Family.RECURRENT;
    }

    @Override
    public TensorKind gives(LayerArgs args) {
        return returnsLastStepOnly(args) ? TensorKind.ANY : TensorKind.SEQUENCE;
    }

    @Override
    public Masking masking(LayerArgs args) {
        return returnsLastStepOnly(args) ? Masking.CONSUME : Masking.PROPAGATE;
    }

    @Override
    public boolean returnsLastStepOnly(LayerArgs args) {
        return !args.getBool("return_sequences");
    }

    @Override
    public String shapeRule() {
        return "(batch, steps, features) → (batch, units), or (batch, steps, units) with return_sequences";
    }

    @Override
    protected Shape output(LayerContext c, Shape in) {
        LayerArgs a = c.args();
        if (!c.requireRank(in, 2, "3D input (batch, steps, features)", rankHelp(in))
                || !c.requireKnown(in, 1, "feature dimension")) {
            return null;
        }
        if (a.getBool("return_state")) {
            c.error(Code.ARGUMENT_VALUE, a.span("return_state"), "return_state",
                    "returning states is not supported: nnl has no syntax yet to pick a state tensor").emit();
            return null;
        }
        if (a.getBool("stateful")) {
            c.error(Code.ARGUMENT_VALUE, a.span("stateful"), "stateful",
                    "stateful RNNs need a fixed batch size, and nnl models do not fix one").emit();
            return null;
        }
        if (a.getBool("unroll") && !in.isKnown(0)) {
            c.error(Code.ARGUMENT_VALUE, a.span("unroll"), "unroll",
                    "cannot unroll over an unknown number of steps, found input " + in).emit();
            return null;
        }
        for (String act : java.util.List.of("activation", "recurrent_activation")) {
            Object f = a.get(act);
            if ("softmax".equals(f) || "log_softmax".equals(f)) {
                c.error(Code.ARGUMENT_VALUE, a.span(act), act, f + " normalizes over a whole row, not element by element, "
                        + "so it cannot run inside a recurrent cell").help("use tanh, sigmoid or relu; apply softmax in a layer after it").emit();
                return null;
            }
        }
        long units = a.getLong("units");
        return a.getBool("return_sequences") ? Shape.of(in.dim(0), units) : Shape.of(units);
    }

    private static String rankHelp(Shape in) {
        if (in.rank() == 1) {
            return "a recurrent layer reads a sequence of vectors: feed token ids through an Embedding, "
                    + "or a previous recurrent layer needs return_sequences=true";
        }
        if (in.rank() == 3) {
            return "for images, reshape rows into steps: Reshape((" + (in.isKnown(0) ? in.dim(0) : -1) + ", -1))";
        }
        return null;
    }

    @Override
    protected List<Weight> weights(LayerArgs a, Shape in) {
        long units = a.getLong("units");
        // multiplyExact: an overflow becomes a SIZE_OVERFLOW diagnostic (ModelChecker), not a wrapped size.
        long gateUnits = Math.multiplyExact(gates, units);
        List<Weight> w = new ArrayList<>(Common.weights(
                "kernel", Shape.of(in.last(), gateUnits),
                "recurrent_kernel", Shape.of(units, gateUnits)));
        if (a.getBool("use_bias")) {
            w.addAll(Common.weights("bias", biasShape(a, units)));
        }
        return w;
    }

    Shape biasShape(LayerArgs a, long units) {
        return Shape.of(Math.multiplyExact(gates, units));
    }
}
