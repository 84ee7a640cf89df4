package dev.nnl.runtime.train;

import java.util.Map;

/** Training progress, for the CLI's progress bar, JSON logs, or an application's own UI. */
public interface TrainingListener {
    default void onTrainBegin(int epochs, int stepsPerEpoch, int samples) {
    }

    default void onEpochBegin(int epoch, int epochs) {
    }

    /** After each batch: running means over the epoch so far ("loss", metric names). */
    default void onBatchEnd(int epoch, int step, Map<String, Double> logs) {
    }

    /** After each epoch, with validation values ("val_loss", …) when there is validation data. */
    default void onEpochEnd(int epoch, Map<String, Double> logs) {
    }

    /** A message from a callback, such as early stopping or a learning-rate change. */
    default void onMessage(String message) {
    }
}
