package dev.nnl.runtime;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnl.compiler.ir.ModelIR;
import dev.nnl.runtime.kernels.RunContext;
import dev.nnl.runtime.plan.Plan;
import dev.nnl.runtime.tensor.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The float32 code paths (the vectorized LSTM path for tanh/sigmoid, the rational tanh and
 * sigmoid of the other cells) against the exact float64 path the gradient checks verify: same
 * weights, inputs and dropout draws; outputs and every gradient must agree to float32 accuracy.
 */
class RecurrentPrecisionTest {
    // Per-element bounds |float64 − float32| ≤ atol + rtol·|float64|. float32 keeps 24 bits
    // (machine epsilon 1.19e-7). The outputs are recurrent states, bounded by 1 in magnitude: the
    // worst difference measured over these models is 8e-8, and ATOL_OUT is about four float32 ulps
    // at 1, six times that. The gradients are sums over 6 samples and 7-9 steps: worst measured
    // 1e-6, ATOL_GRAD five times that. RTOL (about 17 epsilons) only matters for elements above 1,
    // whose rounding error grows with their size. The old bound, 2e-5 and 1e-4 times the largest
    // element, let a small element be wrong in its first significant digit.
    private static final double ATOL_OUT = 5e-7;
    private static final double ATOL_GRAD = 5e-6;
    private static final double RTOL = 2e-6;

    @ParameterizedTest
    @ValueSource(strings = {
        "input x: (7, 5)\n LSTM(16)",
        "input x: (7, 5)\n LSTM(16, return_sequences=true, go_backwards=true)\n LSTM(8, use_bias=false)",
        "input x: (9) int32\n Embedding(20, 6, mask_zero=true)\n LSTM(16, return_sequences=true)",
        "input x: (9) int32\n Embedding(20, 6, mask_zero=true)\n Bidirectional(LSTM(8, return_sequences=true, dropout=0.2, recurrent_dropout=0.3))",
        "input x: (7, 5)\n LSTM(16, dropout=0.3, recurrent_dropout=0.3)",
        "input x: (7, 5)\n GRU(16, return_sequences=true)\n GRU(8, reset_after=false)",
        "input x: (7, 5)\n SimpleRNN(16, return_sequences=true)\n LSTM(8, recurrent_activation=hard_sigmoid)",
    })
    void float32MatchesFloat64(String body) {
        ModelIR model = Models.model("model M {\n " + body + "\n}\n");
        Plan p64 = new Plan(model, DataType.DOUBLE);
        Plan p32 = new Plan(model, DataType.FLOAT);
        p64.initialize(5);
        SplittableRandom rng = new SplittableRandom(8);
        Tensor w64 = p64.store().params();
        Tensor w32 = p32.store().params();
        for (int i = 0; i < w64.size; i++) {
            double v = (float) (w64.get(i) + 0.1 * rng.nextGaussian());
            w64.set(i, v);
            w32.set(i, v);
        }
        Tensor[] x64 = GradientCheck.randomInputs(model, 6, rng);
        Tensor[] x32 = new Tensor[x64.length];
        for (int i = 0; i < x64.length; i++) {
            x32[i] = Tensor.zeros(DataType.FLOAT, x64[i].shape);
            for (int k = 0; k < x64[i].size; k++) {
                x64[i].set(k, (float) x64[i].get(k));
                x32[i].set(k, x64[i].get(k));
            }
        }
        RunContext c64 = new RunContext(DataType.DOUBLE, true, 4);
        RunContext c32 = new RunContext(DataType.FLOAT, true, 4);
        Tensor o64 = p64.forward(x64, c64)[0];
        Tensor o32 = p32.forward(x32, c32)[0];
        close(o64, o32, ATOL_OUT, RTOL, "output", body);
        Tensor d64 = Tensor.zeros(DataType.DOUBLE, o64.shape);
        Tensor d32 = Tensor.zeros(DataType.FLOAT, o64.shape);
        for (int i = 0; i < d64.size; i++) {
            double v = (float) rng.nextGaussian();
            d64.set(i, v);
            d32.set(i, v);
        }
        p64.store().zeroGrads();
        p32.store().zeroGrads();
        p64.backward(new Tensor[] {d64}, c64);
        p32.backward(new Tensor[] {d32}, c32);
        close(p64.store().grads(), p32.store().grads(), ATOL_GRAD, RTOL, "parameter gradients", body);
    }

    /**
     * Every element within {@code atol + rtol · |float64|} of the float64 value. A per-element
     * bound: a large element elsewhere in the tensor no longer widens the bound for a small one.
     */
    private static void close(Tensor want, Tensor got, double atol, double rtol, String what, String body) {
        for (int i = 0; i < want.size; i++) {
            double w = want.get(i);
            double g = got.get(i);
            int k = i;
            double d = Math.abs(w - g);
            assertTrue(d <= atol + rtol * Math.abs(w), () -> String.format(
                    "%s[%d]: float64 %.8g, float32 %.8g, difference %.3g > %.1g + %.1g·|float64|%n%s",
                    what, k, w, g, d, atol, rtol, body));
        }
    }
}
