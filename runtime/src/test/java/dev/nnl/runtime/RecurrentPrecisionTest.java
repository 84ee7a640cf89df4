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
        close(o64, o32, 2e-5, "output", body);
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
        close(p64.store().grads(), p32.store().grads(), 1e-4, "parameter gradients", body);
    }

    /** Every element within {@code tol} of the largest magnitude (at least 1). */
    private static void close(Tensor want, Tensor got, double tol, String what, String body) {
        double scale = 1;
        for (int i = 0; i < want.size; i++) {
            scale = Math.max(scale, Math.abs(want.get(i)));
        }
        for (int i = 0; i < want.size; i++) {
            double w = want.get(i);
            double g = got.get(i);
            int k = i;
            double s = scale;
            assertTrue(Math.abs(w - g) <= tol * s, () -> String.format("%s[%d]: float64 %.8g, float32 %.8g (scale %.3g)%n%s",
                    what, k, w, g, s, body));
        }
    }
}
