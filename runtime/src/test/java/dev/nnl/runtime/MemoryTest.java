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
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Memory stays flat while training: buffers are allocated once per batch shape, so
 * hundreds of steps must not grow what ND4J holds off-heap (SameDiff's LSTM op, tried
 * before the runtime had its own kernels, leaked ~18 MB per iteration).
 */
class MemoryTest {
    @Test
    void offHeapMemoryDoesNotGrowOverHundredsOfSteps() throws Exception {
        var c = Models.compile("model M {\n input image: (28, 28)\n Flatten()\n Dense(128, activation=relu)\n Dropout(0.2)\n"
                + " Dense(10, activation=softmax)\n}\ntrain M {\n loss = sparse_categorical_crossentropy\n"
                + " optimizer = Adam()\n metrics = [accuracy]\n batch_size = 32\n}\n");
        ModelIR m = c.models().get("M");
        TrainConfig cfg = c.trains().get("M");
        Dataset data = Idx.loadSplit(TrainingTest.FASHION, true, 1 / 255.0).slice(0, 32 * 100);
        Plan plan = new Plan(m, DataType.FLOAT);
        plan.initialize(1);
        long[] samples = new long[4];
        TrainingListener probe = new TrainingListener() {
            @Override
            public void onEpochEnd(int epoch, Map<String, Double> logs) {
                System.gc();
                samples[epoch] = Pointer.physicalBytes();
            }
        };
        new Trainer(plan, cfg, new Optimizer(cfg.optimizer()), 1, 4, 32, new AtomicBoolean())
                .fit(data, null, new Trainer.State(), probe, (p, s) -> { });
        // Resident memory (heap included) may move a little with the JIT and the GC; a leak of
        // even 1 MB per step would add 200 MB here.
        long growth = samples[3] - samples[1];
        assertTrue(growth < 64L << 20, "resident memory grew by " + (growth >> 20) + " MB over 200 steps: "
                + java.util.Arrays.toString(samples));
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
