package dev.nnl.runtime;

import dev.nnl.runtime.train.TrainingListener;
import java.io.IOException;
import java.util.Map;

/** Saves after each epoch, so a crash or a NaN later never loses a finished epoch. */
final class EpochSaver implements TrainingListener {
    interface Save {
        void run() throws IOException;
    }

    private final TrainingListener inner;
    private final Save save;

    EpochSaver(TrainingListener inner, Save save) {
        this.inner = inner;
        this.save = save;
    }

    @Override
    public void onTrainBegin(int epochs, int steps, int samples) {
        inner.onTrainBegin(epochs, steps, samples);
    }

    @Override
    public void onEpochBegin(int epoch, int epochs) {
        inner.onEpochBegin(epoch, epochs);
    }

    @Override
    public void onBatchEnd(int epoch, int step, Map<String, Double> logs) {
        inner.onBatchEnd(epoch, step, logs);
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        try {
            save.run();
        } catch (IOException e) {
            // Keep the reason as the message ("permission denied"): callers print it, not the class.
            throw new java.io.UncheckedIOException(e.getMessage(), e);
        }
        inner.onEpochEnd(epoch, logs);
    }

    @Override
    public void onMessage(String message) {
        inner.onMessage(message);
    }
}
