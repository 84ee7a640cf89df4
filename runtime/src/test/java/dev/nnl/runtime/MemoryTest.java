package dev.nnl.runtime;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnl.compiler.ir.ModelIR;
import dev.nnl.compiler.train.TrainConfig;
import dev.nnl.runtime.data.Dataset;
import dev.nnl.runtime.data.Idx;
import dev.nnl.runtime.plan.Plan;
import dev.nnl.runtime.train.Optimizer;
import dev.nnl.runtime.train.Trainer;
import dev.nnl.runtime.train.TrainingListener;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Memory stays flat while training: buffers are allocated once per batch shape, so
 * hundreds of steps must not grow what ND4J holds off-heap (RUNTIME_NOTES: SameDiff's LSTM op
 * leaked ~18 MB per iteration).
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
}
