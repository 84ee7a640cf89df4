package dev.nnl.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnl.compiler.ir.MemoryEstimate;
import dev.nnl.compiler.ir.ModelIR;
import dev.nnl.compiler.train.TrainConfig;
import dev.nnl.runtime.data.Dataset;
import dev.nnl.runtime.data.Idx;
import dev.nnl.runtime.plan.Plan;
import dev.nnl.runtime.train.Optimizer;
import dev.nnl.runtime.train.Trainer;
import dev.nnl.runtime.train.TrainingListener;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Memory stays flat while training: each kernel allocates its buffers once per batch shape, so
 * after warm-up a training step must not grow what ND4J holds off-heap (SameDiff's LSTM op, tried
 * before the runtime had its own kernels, leaked ~18 MB per iteration), nor the Java heap.
 *
 * <p>Off-heap use is read from ND4J's own books ({@link NativeBuffers}), not from resident memory:
 * resident memory moved by -170 to +130 KB per step with no leak at all (malloc arenas, the JIT,
 * thread stacks), more on a busy machine, while the live ND4J buffers are the same to the byte at
 * every sample after warm-up, for every family, idle or under load; so that bound is tight. The
 * heap is measured apart, after collections that wait for ND4J to free what they released.
 * Each slope is a least-squares line through a sample every {@value #EVERY} steps after
 * {@value #WARM_UP} steps of warm-up (the first allocations, Adam's state, the JIT).
 *
 * <p>Not seen here: memory libnd4j allocates inside a native op for itself (oneDNN scratch
 * space), which never passes through ND4J's Java books.
 */
class MemoryTest {
    private static final int BATCH = 32;
    private static final int WARM_UP = 30;
    private static final int STEPS = 120;
    private static final int EVERY = 10;
    /**
     * Bytes per step. Measured exactly 0 for every family, idle and with two CPU hogs running:
     * the live buffers are the same to the byte at every sample. A buffer kept per step (the
     * smallest is one element) or every few steps fails.
     */
    private static final double MAX_OFF_HEAP_SLOPE = 1;
    /** Live ND4J buffers per step: measured exactly 0; one more every 20 steps fails. */
    private static final double MAX_BUFFER_SLOPE = 0.05;
    /**
     * Bytes per step of heap in use after {@link NativeBuffers#collect}. Measured between -160
     * and +630 bytes per step, idle and with two CPU hogs running: the heap is flat but for a few
     * one-off steps of 10-80 KB (lazily built objects, mostly early), and a step of J bytes tilts
     * this 80-step line by at most J / 150 per step. Keeping 2 KB of heap per step (a float[512])
     * or more fails.
     */
    private static final double MAX_HEAP_SLOPE = 2 << 10;

    /** One model per kernel family, trained on Fashion-MNIST images (token ids 0-255 for the Embedding). */
    static Stream<Arguments> families() {
        return Stream.of(
            Arguments.of("Dense", "input image: (28, 28)\n Flatten()\n Dense(64, activation=relu)\n Dropout(0.2)\n"
                + " Dense(10, activation=softmax)"),
            Arguments.of("Conv2D and pooling", "input image: (28, 28, 1)\n Conv2D(8, 3, activation=relu)\n MaxPooling2D(2)\n"
                + " Conv2D(8, 3, padding=\"same\")\n AveragePooling2D(2)\n Flatten()\n Dense(10, activation=softmax)"),
            Arguments.of("LSTM", "input image: (28, 28)\n LSTM(32)\n Dense(10, activation=softmax)"),
            Arguments.of("GRU", "input image: (28, 28)\n GRU(32)\n Dense(10, activation=softmax)"),
            Arguments.of("SimpleRNN and Bidirectional", "input image: (28, 28)\n Bidirectional(SimpleRNN(16, return_sequences=true))\n"
                + " SimpleRNN(16)\n Dense(10, activation=softmax)"),
            Arguments.of("normalization", "input image: (28, 28)\n Flatten()\n BatchNormalization()\n Dense(64, activation=relu)\n"
                + " LayerNormalization()\n Dense(10, activation=softmax)"),
            Arguments.of("merges", "input image: (28, 28)\n f = image -> Flatten()\n a = f -> Dense(32, activation=relu)\n"
                + " b = f -> Dense(32)\n s = Add(a, b)\n m = Multiply(a, b)\n v = Average(a, b)\n c = Concatenate(s, m, v)\n"
                + " output c -> Dense(10, activation=softmax)"),
            Arguments.of("Embedding", "input image: (784) int32\n Embedding(256, 8)\n GlobalAveragePooling1D()\n"
                + " Dense(10, activation=softmax)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("families")
    void offHeapAndHeapDoNotGrowAfterWarmUp(String family, String body) throws Exception {
        var c = Models.compile("model M {\n " + body + "\n}\ntrain M {\n loss = sparse_categorical_crossentropy\n"
                + " optimizer = Adam()\n metrics = [accuracy]\n batch_size = " + BATCH + "\n}\n");
        ModelIR m = c.models().get("M");
        TrainConfig cfg = c.trains().get("M");
        boolean tokens = body.contains("int32");
        Dataset images = Idx.loadSplit(TrainingTest.FASHION, true, tokens ? 1 : 1 / 255.0).slice(0, BATCH * STEPS);
        // The same pixels, shaped as the model's input (the convolution's has a channel axis).
        long[] shape = m.inputs().get(0).shape().dims();
        Dataset data = new Dataset(images.features(), List.of(shape), images.labels(), images.labelShape(), images.size(),
                images.first());
        Plan plan = new Plan(m, DataType.FLOAT);
        plan.initialize(1);
        int samples = (STEPS - WARM_UP + EVERY - 1) / EVERY;
        // Allocated up front, so that sampling itself adds nothing to the heap it measures.
        double[][] offHeap = new double[samples][2];
        double[][] buffers = new double[samples][2];
        double[][] heap = new double[samples][2];
        TrainingListener probe = new TrainingListener() {
            @Override
            public void onBatchEnd(int epoch, int step, Map<String, Double> logs) {
                if (step < WARM_UP || (step - WARM_UP) % EVERY != 0) {
                    return;
                }
                int i = (step - WARM_UP) / EVERY;
                heap[i][1] = NativeBuffers.collect();
                NativeBuffers.Live live = NativeBuffers.live();
                offHeap[i][1] = live.bytes();
                buffers[i][1] = live.count();
                heap[i][0] = offHeap[i][0] = buffers[i][0] = step;
            }
        };
        new Trainer(plan, cfg, new Optimizer(cfg.optimizer()), 1, 1, BATCH, new AtomicBoolean())
                .fit(data, null, new Trainer.State(), probe, (p, st) -> { });
        assertEquals(STEPS - EVERY, (int) heap[samples - 1][0], "every sample was taken");
        // The books must show at least the weights and their gradients, or they measure nothing.
        assertTrue(offHeap[0][1] >= 2L * Float.BYTES * plan.store().size(), family + ": " + series(offHeap));
        assertTrue(slope(offHeap) < MAX_OFF_HEAP_SLOPE, String.format("%s: ND4J's native buffers grow by %.0f bytes per step after "
                + "warm-up: %s", family, slope(offHeap), series(offHeap)));
        assertTrue(slope(buffers) < MAX_BUFFER_SLOPE, String.format("%s: %.2f more live ND4J buffers per step after warm-up: %s",
                family, slope(buffers), series(buffers)));
        assertTrue(slope(heap) < MAX_HEAP_SLOPE, String.format("%s: the heap grows by %.0f bytes per step after warm-up: %s",
                family, slope(heap), series(heap)));
    }

    private static String series(double[][] points) {
        return Arrays.stream(points).map(p -> (long) p[0] + ": " + (long) p[1]).collect(Collectors.joining(", "));
    }

    /** The least-squares slope of points {x, y}: bytes per step here. */
    static double slope(double[][] points) {
        double n = points.length;
        double sx = 0;
        double sy = 0;
        for (double[] p : points) {
            sx += p[0];
            sy += p[1];
        }
        double mx = sx / n;
        double my = sy / n;
        double num = 0;
        double den = 0;
        for (double[] p : points) {
            num += (p[0] - mx) * (p[1] - my);
            den += (p[0] - mx) * (p[0] - mx);
        }
        return num / den;
    }

    /** Dense(100000) on a (100000) input: 10^10 parameters, 37 GB of weights alone. */
    private static final String OVERSIZED = "model Big {\n input x: (100000)\n Dense(100000)\n}\n"
            + "train Big {\n loss = mse\n optimizer = Adam()\n}\n";

    /** Runs {@code e}, which must refuse the model quickly and without allocating its weights. */
    private static NnlException refusedQuickly(org.junit.jupiter.api.function.Executable e) {
        long before = Pointer.physicalBytes();
        long start = System.nanoTime();
        NnlException x = assertThrows(NnlException.class, e);
        assertTrue(System.nanoTime() - start < 10_000_000_000L, "refused in under 10 s");
        assertTrue(Pointer.physicalBytes() - before < 512L << 20, "allocated nothing big: resident memory grew by "
                + ((Pointer.physicalBytes() - before) >> 20) + " MB");
        assertTrue(!x.isIo() && x.getMessage().startsWith("model `Big` is too large: "), x.getMessage());
        return x;
    }

    @Test
    void anOversizedModelIsRefusedWithTheEstimateBeforeAllocating() throws Exception {
        CompiledModel c = Nnl.compile("big.nnl", OVERSIZED, null);
        INDArray[] x = {Nd4j.zeros(DataType.FLOAT, 1, 100000)};
        INDArray y = Nd4j.zeros(DataType.FLOAT, 1, 100000);
        NnlException e = refusedQuickly(() -> c.fit(x, y, FitOptions.defaults(), new TrainingListener() { }));
        String m = e.getMessage();
        assertTrue(m.contains("training it at batch size 32 needs at least 409.83 GB"), m);
        assertTrue(m.contains("parameters 37.25 GB") && m.contains("optimizer state (Adam: 2 slots)"), m);
        assertTrue(m.contains("its 10,000,100,000 parameters are more than one parameter buffer holds (536,870,911)"), m);
        assertTrue(m.contains("the Java heap has") && m.contains("physical memory free"), m);
        e = refusedQuickly(() -> c.initialize(1));
        assertTrue(e.getMessage().contains("initializing it needs at least 111.76 GB"), e.getMessage());
        refusedQuickly(() -> c.initialize(FitOptions.defaults()));
        refusedQuickly(c::toSameDiff);
    }

    @Test
    void aBatchTooLargeForOneBufferIsRefusedOnLoad(@TempDir Path dir) throws Exception {
        CompiledModel c = Nnl.compile("big.nnl", "model Big {\n input x: (1000)\n Dense(2)\n}\n"
                + "train Big {\n loss = mse\n optimizer = SGD()\n batch_size = 10000000\n}\n", null);
        Path f = dir.resolve("big.nnlz");
        c.initialize(1).save(f);
        NnlException e = refusedQuickly(() -> Nnl.load(f));
        assertTrue(e.getMessage().contains("running it at batch size 10000000")
                && e.getMessage().contains("one batch makes a tensor of 10,000,000,000 values"), e.getMessage());
    }

    @Test
    void theEstimateCountsTheStateEachOptimizerKeeps() throws Exception {
        String[] optimizers = {"Adam()", "Adam(amsgrad=true)", "AdamW()", "SGD()", "SGD(momentum=0.9)", "RMSprop()",
            "RMSprop(centered=true, momentum=0.5)", "Adagrad()"};
        for (String o : optimizers) {
            var c = Models.compile("model M {\n input x: (3)\n Dense(2)\n}\ntrain M {\n loss = mse\n optimizer = " + o + "\n}\n");
            TrainConfig cfg = c.trains().get("M");
            Plan plan = new Plan(c.models().get("M"), DataType.FLOAT);
            plan.initialize(1);
            Optimizer opt = new Optimizer(cfg.optimizer());
            opt.step(plan.store());
            assertEquals(opt.state().size(), MemoryEstimate.optimizerSlots(cfg.optimizer()), o);
        }
    }
}
