package dev.nnl.runtime.kernels;

import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;

/** Per-step settings shared by the kernels: precision, training or inference, the dropout RNG. */
public final class RunContext {
    public final DataType type;
    public boolean training;
    public SplittableRandom rng;

    public RunContext(DataType type, boolean training, long seed) {
        this.type = type;
        this.training = training;
        this.rng = new SplittableRandom(seed);
    }

    /** Restarts the random stream: the trainer derives one per (seed, epoch, step). */
    public void reseed(long seed) {
        this.rng = new SplittableRandom(seed);
    }
}
