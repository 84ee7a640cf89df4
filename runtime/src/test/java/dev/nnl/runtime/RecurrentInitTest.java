package dev.nnl.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnl.runtime.kernels.RunContext;
import dev.nnl.runtime.plan.Plan;
import dev.nnl.runtime.tensor.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/** Keras initialization of the recurrent weights, and a float32 training smoke test. */
class RecurrentInitTest {
    private static Plan plan(String body) {
        Plan p = new Plan(Models.model("model M {\n " + body + "\n}\n"), DataType.FLOAT);
        p.initialize(3);
        return p;
    }

    private static Tensor w(Plan p, String layer, String weight) {
        return p.store().slot(layer, weight).value();
    }

    @Test
    void lstmForgetGateBiasStartsAtOne() {
        Plan p = plan("input x: (4, 3)\n LSTM(5)");
        Tensor b = w(p, "lstm", "bias");
        for (int k = 0; k < 20; k++) {
            assertEquals(k >= 5 && k < 10 ? 1 : 0, b.get(k), "bias[" + k + "]");
        }
        Tensor off = w(plan("input x: (4, 3)\n LSTM(5, unit_forget_bias=false)"), "lstm", "bias");
        for (int k = 0; k < 20; k++) {
            assertEquals(0, off.get(k));
        }
        Tensor ones = w(plan("input x: (4, 3)\n LSTM(5, bias_initializer=ones)"), "lstm", "bias");
        for (int k = 0; k < 20; k++) {
            assertEquals(1, ones.get(k));
        }
    }

    @Test
    void recurrentKernelsAreOrthogonalAndKernelsGlorot() {
        for (String[] c : new String[][] {{"SimpleRNN(6)", "simple_rnn", "1"}, {"LSTM(6)", "lstm", "4"}, {"GRU(6)", "gru", "3"}}) {
            Plan p = plan("input x: (4, 3)\n " + c[0]);
            int gates = Integer.parseInt(c[2]);
            Tensor r = w(p, c[1], "recurrent_kernel");
            int cols = 6 * gates;
            // (6, 6·gates): rows orthonormal.
            for (int i = 0; i < 6; i++) {
                for (int j = 0; j < 6; j++) {
                    double dot = 0;
                    for (int k = 0; k < cols; k++) {
                        dot += r.get(i * cols + k) * r.get(j * cols + k);
                    }
                    assertEquals(i == j ? 1 : 0, dot, 1e-5, c[0] + " recurrent rows " + i + ", " + j);
                }
            }
            Tensor k = w(p, c[1], "kernel");
            double limit = Math.sqrt(6.0 / (3 + cols));
            double max = 0;
            for (int i = 0; i < k.size; i++) {
                max = Math.max(max, Math.abs(k.get(i)));
            }
            assertTrue(max <= limit && max > limit / 2, c[0] + " kernel glorot_uniform within " + limit + ", max " + max);
        }
        Tensor gruBias = w(plan("input x: (4, 3)\n GRU(6)"), "gru", "bias");
        assertEquals(2, gruBias.shape.length);
        assertEquals(36, gruBias.size);
    }

    @Test
    void bidirectionalInitializesBothDirectionsIndependently() {
        Plan p = plan("input x: (4, 3)\n Bidirectional(LSTM(5))");
        Tensor f = w(p, "bidirectional", "forward_kernel");
        Tensor b = w(p, "bidirectional", "backward_kernel");
        boolean differ = false;
        for (int i = 0; i < f.size; i++) {
            differ |= f.get(i) != b.get(i);
        }
        assertTrue(differ, "forward and backward kernels differ");
        assertEquals(1, w(p, "bidirectional", "forward_bias").get(5));
        assertEquals(1, w(p, "bidirectional", "backward_bias").get(5));
    }

    /** float32 LSTM + Dense learns the sign of a sequence's weighted sum with plain SGD on MSE. */
    @Test
    void lstmLearnsAToySequenceTask() {
        Plan p = plan("input x: (10, 2)\n LSTM(16)\n Dense(1)");
        SplittableRandom rng = new SplittableRandom(4);
        int n = 64;
        Tensor x = Tensor.zeros(DataType.FLOAT, n, 10, 2);
        double[] y = new double[n];
        for (int s = 0; s < n; s++) {
            double sum = 0;
            for (int t = 0; t < 10; t++) {
                double a = rng.nextGaussian();
                x.set((s * 10 + t) * 2, a);
                x.set((s * 10 + t) * 2 + 1, rng.nextGaussian());
                sum += (t < 5 ? 1 : -0.5) * a;
            }
            y[s] = sum > 0 ? 1 : -1;
        }
        RunContext ctx = new RunContext(DataType.FLOAT, true, 1);
        Tensor d = Tensor.zeros(DataType.FLOAT, n, 1);
        double first = 0;
        double last = 0;
        for (int step = 0; step < 300; step++) {
            Tensor out = p.forward(new Tensor[] {x}, ctx)[0];
            double loss = 0;
            for (int s = 0; s < n; s++) {
                double e = out.get(s) - y[s];
                loss += e * e / n;
                d.set(s, 2 * e / n);
            }
            if (step == 0) {
                first = loss;
            }
            last = loss;
            p.store().zeroGrads();
            p.backward(new Tensor[] {d}, ctx);
            Tensor params = p.store().params();
            Tensor grads = p.store().grads();
            for (int i = 0; i < params.size; i++) {
                params.set(i, params.get(i) - 0.3 * grads.get(i));
            }
        }
        assertTrue(last < 0.25 * first, "MSE " + first + " -> " + last);
    }
}
