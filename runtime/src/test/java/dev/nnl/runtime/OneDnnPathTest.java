package dev.nnl.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnl.runtime.kernels.Kernel;
import dev.nnl.runtime.kernels.RunContext;
import dev.nnl.runtime.kernels.conv.ConvKernel;
import dev.nnl.runtime.kernels.pooling.PoolKernel;
import dev.nnl.runtime.plan.Plan;
import dev.nnl.runtime.tensor.ParamStore;
import dev.nnl.runtime.tensor.Tensor;
import dev.nnl.runtime.threads.Parallel;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The oneDNN convolution and pooling paths against the reference paths (im2col + product, and
 * the pooling loops), which the float64 gradient checks (ConvGradientTest) cover: the same
 * weights and data through both, in float32, compared output by output and gradient by gradient,
 * on 1 and 2 threads, with batches that leave a smaller last chunk.
 */
class OneDnnPathTest {
    /** The split sizes before they were measured (docs/performance.md): small enough that these tensors split. */
    @BeforeEach
    void splitSmallWork() {
        Parallel.setSplitSizes(1 << 15, 2_000_000);
    }

    @AfterEach
    void restoreThreads() {
        Parallel.setThreads(Runtime.getRuntime().availableProcessors());
        Parallel.resetSplitSizes();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "input x: (28, 28, 1) | Conv2D(32, 3, activation=relu)              | 25",
        "input x: (13, 13, 32)| Conv2D(64, 3, activation=relu)              | 37",
        "input x: (7, 6, 3)   | Conv2D(4, 3)                                | 3",
        "input x: (7, 6, 3)   | Conv2D(4, (3, 2), strides=(2, 3), padding=same, activation=tanh) | 5",
        "input x: (9, 8, 2)   | Conv2D(3, 3, dilation_rate=(2, 3), padding=same, activation=relu) | 4",
        "input x: (8, 8, 5)   | Conv2D(6, 2, strides=2, use_bias=false, activation=relu) | 3",
        "input x: (6, 6, 4)   | Conv2D(4, 1, use_bias=false)                | 2",
        "input x: (5, 5, 2)   | Conv2D(4, 3, activation=softmax)            | 3",
        "input x: (9, 3)      | Conv1D(4, 3, dilation_rate=2, padding=causal, activation=relu) | 3",
        "input x: (9, 3)      | Conv1D(4, 4, strides=2, padding=same)       | 3",
        "input x: (40, 16)    | Conv1D(8, 5, activation=sigmoid)            | 70",
    })
    void convolutionMatchesIm2col(String input, String layer, int batch) {
        String source = "model M {\n " + input + "\n " + layer + "\n}\n";
        for (int threads : new int[] {1, 2}) {
            Parallel.setThreads(threads);
            compare(source, batch, threads);
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "input x: (26, 26, 32) | MaxPooling2D(2)                                 | 25",
        "input x: (11, 11, 64) | MaxPooling2D(2)                                 | 19",
        "input x: (7, 6, 3)    | MaxPooling2D((3, 2), strides=(2, 1), padding=same) | 3",
        "input x: (7, 7, 2)    | MaxPooling2D(3, strides=2)                      | 3",
        "input x: (26, 26, 32) | AveragePooling2D(2)                             | 25",
        "input x: (7, 5, 2)    | AveragePooling2D(2, padding=same)               | 4",
        "input x: (5, 6, 2)    | AveragePooling2D((3, 2), strides=(2, 1), padding=same) | 3",
        "input x: (9, 3)       | MaxPooling1D(2, padding=same)                   | 3",
        "input x: (9, 3)       | AveragePooling1D(4, strides=3, padding=same)    | 3",
    })
    void poolingMatchesTheLoops(String input, String layer, int batch) {
        String source = "model M {\n " + input + "\n " + layer + "\n}\n";
        for (int threads : new int[] {1, 2}) {
            Parallel.setThreads(threads);
            compare(source, batch, threads);
        }
    }

    /**
     * Whole training steps of a small CNN: the outputs and every parameter gradient agree, with
     * relu outputs full of exact zeros, so max pooling meets ties (both paths pick the first).
     */
    @Test
    void cnnTrainingStepMatchesTheReferencePaths() {
        String source = "model M {\n input x: (14, 14, 1)\n Conv2D(8, 3, activation=relu)\n MaxPooling2D(2)\n"
                + " Conv2D(16, 3, activation=relu)\n MaxPooling2D(2)\n Flatten()\n Dense(10, activation=softmax)\n}\n";
        for (int threads : new int[] {1, 2}) {
            Parallel.setThreads(threads);
            Run fast = run(source, 33, true);
            Run reference = run(source, 33, false);
            assertTrue(fast.oneDnnKernels >= 4, "conv and pooling layers on oneDNN: " + fast.oneDnnKernels);
            assertEquals(0, reference.oneDnnKernels);
            assertClose(reference.out, fast.out, "output, " + threads + " threads");
            assertClose(reference.grads, fast.grads, "parameter gradients, " + threads + " threads");
        }
    }

    /**
     * One plan per path through batches of changing size, as training runs them (full batches,
     * the epoch's last one, validation): the oneDNN kernels keep their primitives per chunk size
     * and must place every batch's chunks (and max pooling's workspace) anew.
     */
    @Test
    void changingBatchSizesKeepThePathsEqual() {
        String source = "model M {\n input x: (14, 14, 1)\n Conv2D(8, 3, activation=relu)\n MaxPooling2D(2)\n"
                + " Conv2D(16, 3)\n AveragePooling2D(2)\n Flatten()\n Dense(10)\n}\n";
        Parallel.setThreads(2);
        Plan fast = plan(source, true);
        Plan reference = plan(source, false);
        for (int batch : new int[] {40, 7, 40, 1, 93}) {
            Run f = step(fast, batch);
            Run r = step(reference, batch);
            assertEquals(4, f.oneDnnKernels);
            assertClose(r.out, f.out, "output, batch " + batch);
            assertClose(r.dx, f.dx, "input gradient, batch " + batch);
            assertClose(r.grads, f.grads, "parameter gradients, batch " + batch);
        }
    }

    private static void compare(String source, int batch, int threads) {
        Run fast = run(source, batch, true);
        Run reference = run(source, batch, false);
        String what = source + " batch " + batch + ", " + threads + " threads";
        assertEquals(1, fast.oneDnnKernels, "oneDNN path taken: " + what);
        assertClose(reference.out, fast.out, "output of " + what);
        assertClose(reference.dx, fast.dx, "input gradient of " + what);
        assertClose(reference.grads, fast.grads, "parameter gradients of " + what);
    }

    private record Run(Tensor out, Tensor dx, Tensor grads, int oneDnnKernels) {
    }

    /** Forward and backward of a fresh plan on fixed random weights, data and output gradient. */
    private static Run run(String source, int batch, boolean oneDnn) {
        return step(plan(source, oneDnn), batch);
    }

    /** A plan with fixed random weights whose convolutions and poolings take the oneDNN path or the reference one. */
    private static Plan plan(String source, boolean oneDnn) {
        Plan plan = new Plan(Models.model(source), DataType.FLOAT);
        plan.initialize(5);
        SplittableRandom rng = new SplittableRandom(3);
        for (ParamStore.Slot s : plan.store().slots()) {
            for (int i = 0; i < s.value().size; i++) {
                s.value().set(i, 0.3 * rng.nextGaussian());
            }
        }
        for (Kernel k : plan.kernels()) {
            if (k instanceof ConvKernel c) {
                c.useAlgorithm(oneDnn ? ConvKernel.Algorithm.ONEDNN : ConvKernel.Algorithm.GEMM);
            } else if (k instanceof PoolKernel p) {
                p.useOneDnn(oneDnn);
            }
        }
        return plan;
    }

    /** Forward and backward on random data and output gradient drawn from the batch size. */
    private static Run step(Plan plan, int batch) {
        SplittableRandom rng = new SplittableRandom(batch);
        Tensor x = Tensor.zeros(DataType.FLOAT, plan.model().inputs().get(0).shape().prepend(batch).dims());
        for (int i = 0; i < x.size; i++) {
            // Rounded values: equal inputs, so max pooling over the data meets ties too.
            x.set(i, Math.round(4 * rng.nextGaussian()) / 4.0);
        }
        RunContext ctx = new RunContext(DataType.FLOAT, true, 1);
        Tensor out = plan.forward(new Tensor[] {x}, ctx)[0];
        Tensor outCopy = copy(out);
        Tensor dOut = Tensor.zeros(DataType.FLOAT, out.shape);
        for (int i = 0; i < dOut.size; i++) {
            dOut.set(i, rng.nextGaussian());
        }
        plan.store().zeroGrads();
        Tensor dx = plan.backward(new Tensor[] {dOut}, ctx)[0];
        int onOneDnn = 0;
        for (Kernel k : plan.kernels()) {
            if (k instanceof ConvKernel c && c.algorithm() == ConvKernel.Algorithm.ONEDNN
                    || k instanceof PoolKernel p && p.usesOneDnn()) {
                onOneDnn++;
            }
        }
        return new Run(outCopy, dx == null ? null : copy(dx), copy(plan.store().grads()), onOneDnn);
    }

    private static Tensor copy(Tensor t) {
        Tensor c = Tensor.zeros(t.dataType(), t.shape);
        c.copyFrom(t);
        return c;
    }

    private static void assertClose(Tensor want, Tensor got, String what) {
        if (want == null || got == null) {
            assertEquals(want == null, got == null, what);
            return;
        }
        assertEquals(want.size, got.size, what);
        double scale = 0;
        for (int i = 0; i < want.size; i++) {
            scale = Math.max(scale, Math.abs(want.get(i)));
        }
        for (int i = 0; i < want.size; i++) {
            double w = want.get(i);
            double g = got.get(i);
            // float32 sums in another order: relative to the element, or to the tensor's largest value.
            assertTrue(Math.abs(w - g) <= 1e-4 * Math.max(Math.abs(w), 0.1 * scale) + 1e-6,
                    what + " [" + i + "]: reference " + w + ", oneDNN " + g);
        }
    }
}
