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
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Memory stays flat while training: buffers are allocated once per batch shape, so steps after
 * the first few must not grow what ND4J holds off-heap (SameDiff's LSTM op, tried before the
 * runtime had its own kernels, leaked ~18 MB per iteration), nor the Java heap.
 */
class MemoryTest {
    private static final int BATCH = 32;
    private static final int WARM_UP = 40;
    private static final int STEPS = 160;
    private static final int EVERY = 5;
    // Bytes per step. Without a leak the median slope measured 0-3.3 KB off-heap (the most for the
    // first model the JVM trains, while the JIT compiles; resident memory moves in 4 KB pages) and
    // 13-26 bytes of heap. Any leak of a float tensor of 2048 values or more per step (a (32, 64)
    // activation) passes 8 KB; SameDiff's LSTM leak was 18 MB.
    private static final double MAX_OFF_HEAP_SLOPE = 8 << 10;
    private static final double MAX_HEAP_SLOPE = 1 << 10;

    @ParameterizedTest
    @ValueSource(strings = {
        "input image: (28, 28)\n Flatten()\n Dense(128, activation=relu)\n Dropout(0.2)\n Dense(10, activation=softmax)",
        "input image: (28, 28, 1)\n Conv2D(8, 3, activation=relu)\n MaxPooling2D(2)\n Flatten()\n Dense(10, activation=softmax)",
        "input image: (28, 28)\n LSTM(32)\n Dense(10, activation=softmax)",
        "input image: (28, 28)\n GRU(32)\n Dense(10, activation=softmax)",
    })
    void offHeapAndHeapDoNotGrowAfterWarmUp(String body) throws Exception {
        var c = Models.compile("model M {\n " + body + "\n}\ntrain M {\n loss = sparse_categorical_crossentropy\n"
                + " optimizer = Adam()\n metrics = [accuracy]\n batch_size = " + BATCH + "\n}\n");
        ModelIR m = c.models().get("M");
        TrainConfig cfg = c.trains().get("M");
        Dataset images = Idx.loadSplit(TrainingTest.FASHION, true, 1 / 255.0).slice(0, BATCH * STEPS);
        // the same pixels, shaped as the model's input (the convolution's has a channel axis)
        long[] shape = m.inputs().get(0).shape().dims();
        Dataset data = new Dataset(images.features(), List.of(shape), images.labels(), images.labelShape(), images.size(),
                images.first());
        Plan plan = new Plan(m, DataType.FLOAT);
        plan.initialize(1);
        List<double[]> offHeap = new ArrayList<>();
        List<double[]> heap = new ArrayList<>();
        MemoryMXBean jvm = ManagementFactory.getMemoryMXBean();
        TrainingListener probe = new TrainingListener() {
            @Override
            public void onBatchEnd(int epoch, int step, Map<String, Double> logs) {
                if (step < WARM_UP || (step - WARM_UP) % EVERY != 0) {
                    return;
                }
                settle();
                // Resident memory less what the JVM has committed for its heap and for code and
                // classes: what is left is native memory, where ND4J keeps every tensor's data.
                // (Pointer.totalBytes() does not see those buffers: libnd4j allocates them.)
                long jvmCommitted = jvm.getHeapMemoryUsage().getCommitted() + jvm.getNonHeapMemoryUsage().getCommitted();
                offHeap.add(new double[] {step, Pointer.physicalBytes() - jvmCommitted});
                heap.add(new double[] {step, jvm.getHeapMemoryUsage().getUsed()});
            }
        };
        Optimizer optimizer = new Optimizer(cfg.optimizer());
        // A first epoch unmeasured: the JIT compiles this model's kernels then, in native arenas
        // that resident memory counts (on a busy machine that took 1.5 MB over 50 steps, which
        // the median slope of one epoch read as a 10 KB/step leak). The second epoch is measured.
        new Trainer(plan, cfg, optimizer, 1, 1, BATCH, new AtomicBoolean())
                .fit(data, null, new Trainer.State(), new TrainingListener() { }, (p, st) -> { });
        new Trainer(plan, cfg, optimizer, 1, 1, BATCH, new AtomicBoolean())
                .fit(data, null, new Trainer.State(), probe, (p, st) -> { });
        double offSlope = slope(offHeap);
        double heapSlope = slope(heap);
        assertTrue(offSlope < MAX_OFF_HEAP_SLOPE, String.format("off-heap memory grows by %.0f bytes per step after warm-up: %s%n%s",
                offSlope, offHeap.stream().map(p -> (long) p[0] + ":" + ((long) p[1] >> 10) + "K").toList(), body));
        assertTrue(heapSlope < MAX_HEAP_SLOPE, String.format("the heap grows by %.0f bytes per step after warm-up: %s%n%s",
                heapSlope, heap.stream().map(p -> (long) p[0] + ":" + ((long) p[1] >> 10) + "K").toList(), body));
    }

    /** Collects garbage, and gives ND4J's deallocator thread time to free the native buffers. */
    private static void settle() {
        for (int i = 0; i < 2; i++) {
            System.gc();
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * The median of the slopes between consecutive points {x, y}: bytes per step here. A leak
     * raises every interval, so it moves the median. A one-time jump (the JIT compiling a large
     * method in native arenas, malloc growing an arena: 3-16 MB seen here, in one to three
     * intervals, anywhere in the run) does not, where it tilts a least-squares line by tens of KB
     * per step.
     */
    static double slope(List<double[]> points) {
        List<Double> slopes = new ArrayList<>();
        for (int i = 1; i < points.size(); i++) {
            slopes.add((points.get(i)[1] - points.get(i - 1)[1]) / (points.get(i)[0] - points.get(i - 1)[0]));
        }
        java.util.Collections.sort(slopes);
        int n = slopes.size();
        return n % 2 == 1 ? slopes.get(n / 2) : (slopes.get(n / 2 - 1) + slopes.get(n / 2)) / 2;
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
