package dev.nnl.runtime;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnl.compiler.ir.DType;
import dev.nnl.compiler.ir.InputNode;
import dev.nnl.compiler.ir.ModelIR;
import dev.nnl.runtime.kernels.RunContext;
import dev.nnl.runtime.plan.Plan;
import dev.nnl.runtime.tensor.ParamStore;
import dev.nnl.runtime.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Finite-difference gradient checks in float64: the model's output is reduced to
 * L = Σ out · R with a fixed random R, and every analytical gradient (parameters and float
 * inputs) is compared with a central difference. Random draws inside the model (dropout) are
 * replayed identically for every evaluation, so they are checked too.
 */
public final class GradientCheck {
    private static final double H = 1e-6;
    private static final double RTOL = 1e-5;
    private static final double ATOL = 1e-7;

    private GradientCheck() {
    }

    /** Checks the model's gradients on a batch of {@code batch} random samples. */
    public static void check(String source, int batch, boolean training) {
        ModelIR model = Models.model(source);
        Plan plan = new Plan(model, DataType.DOUBLE);
        SplittableRandom rng = new SplittableRandom(7);
        plan.initialize(11);
        // Random (not Keras-initialized) biases and statistics, so no gradient hides behind a zero.
        Tensor params = plan.store().params();
        for (ParamStore.Slot s : plan.store().slots()) {
            boolean variance = s.weight().name().endsWith("moving_variance");
            for (int i = 0; i < s.value().size; i++) {
                s.value().set(i, variance ? 0.5 + rng.nextDouble() : s.value().get(i) + 0.1 * rng.nextGaussian());
            }
        }
        Tensor[] inputs = randomInputs(model, batch, rng);
        RunContext ctx = new RunContext(DataType.DOUBLE, training, 3);
        Tensor[] out = run(plan, inputs, ctx);
        List<Tensor> r = new ArrayList<>();
        for (Tensor o : out) {
            Tensor t = Tensor.zeros(DataType.DOUBLE, o.shape);
            for (int i = 0; i < t.size; i++) {
                t.set(i, rng.nextGaussian());
            }
            r.add(t);
        }
        plan.store().zeroGrads();
        run(plan, inputs, ctx);
        Tensor[] dInputs = plan.backward(r.toArray(new Tensor[0]), ctx);
        Tensor grads = plan.store().grads();
        double[] analytic = new double[grads.size];
        for (int i = 0; i < analytic.length; i++) {
            analytic[i] = grads.get(i);
        }
        for (ParamStore.Slot s : plan.store().slots()) {
            if (!s.weight().trainable()) {
                continue;
            }
            for (int k : sample(s.value().size, rng)) {
                int i = s.offset() + k;
                double numeric = numeric(plan, inputs, ctx, r, params, i);
                assertClose(analytic[i], numeric, s.key() + "[" + k + "]", source);
            }
        }
        for (int in = 0; in < inputs.length; in++) {
            if (model.inputs().get(in).dtype() == DType.INT32) {
                continue;
            }
            for (int k : sample(inputs[in].size, rng)) {
                double numeric = numeric(plan, inputs, ctx, r, inputs[in], k);
                double a = dInputs[in] == null ? 0 : dInputs[in].get(k);
                assertClose(a, numeric, "input " + model.inputs().get(in).name() + "[" + k + "]", source);
            }
        }
    }

    private static Tensor[] run(Plan plan, Tensor[] inputs, RunContext ctx) {
        ctx.reseed(99);
        return plan.forward(inputs, ctx);
    }

    private static double numeric(Plan plan, Tensor[] inputs, RunContext ctx, List<Tensor> r, Tensor t, int i) {
        double orig = t.get(i);
        t.set(i, orig + H);
        double plus = objective(run(plan, inputs, ctx), r);
        t.set(i, orig - H);
        double minus = objective(run(plan, inputs, ctx), r);
        t.set(i, orig);
        return (plus - minus) / (2 * H);
    }

    private static double objective(Tensor[] out, List<Tensor> r) {
        double s = 0;
        for (int o = 0; o < out.length; o++) {
            for (int i = 0; i < out[o].size; i++) {
                s += out[o].get(i) * r.get(o).get(i);
            }
        }
        return s;
    }

    private static void assertClose(double analytic, double numeric, String what, String source) {
        double tol = ATOL + RTOL * Math.max(Math.abs(analytic), Math.abs(numeric));
        assertTrue(Math.abs(analytic - numeric) <= tol, () -> String.format(
                "gradient of %s: analytic %.10g, numeric %.10g%n%s", what, analytic, numeric, source));
    }

    /** Up to 40 indices of a tensor, always including the first and last. */
    private static int[] sample(int size, SplittableRandom rng) {
        if (size <= 40) {
            int[] all = new int[size];
            for (int i = 0; i < size; i++) {
                all[i] = i;
            }
            return all;
        }
        int[] s = new int[40];
        s[0] = 0;
        s[1] = size - 1;
        for (int i = 2; i < s.length; i++) {
            s[i] = rng.nextInt(size);
        }
        return s;
    }

    /**
     * Normal floats for float inputs; for token ids, values in [1, vocab) with trailing zeros in
     * the first row and a zero in the middle of the second, so masks are exercised.
     */
    static Tensor[] randomInputs(ModelIR model, int batch, SplittableRandom rng) {
        Tensor[] out = new Tensor[model.inputs().size()];
        for (int i = 0; i < out.length; i++) {
            InputNode in = model.inputs().get(i);
            long[] shape = in.shape().prepend(batch).dims();
            for (int d = 1; d < shape.length; d++) {
                if (shape[d] < 0) {
                    shape[d] = 5;
                }
            }
            Tensor t = Tensor.zeros(DataType.DOUBLE, shape);
            if (in.dtype() == DType.INT32) {
                int vocab = vocabulary(model);
                int per = t.perSample();
                for (int k = 0; k < t.size; k++) {
                    int pos = k % per;
                    boolean pad = k / per == 0 && pos >= per - 2 || k / per == 1 && pos == per / 2;
                    t.set(k, pad ? 0 : 1 + rng.nextInt(vocab - 1));
                }
            } else {
                for (int k = 0; k < t.size; k++) {
                    t.set(k, rng.nextGaussian());
                }
            }
            out[i] = t;
        }
        return out;
    }

    private static int vocabulary(ModelIR model) {
        return model.layers().stream().filter(n -> n.className().equals("Embedding"))
                .mapToInt(n -> n.args().getInt("input_dim")).min().orElse(10);
    }
}
