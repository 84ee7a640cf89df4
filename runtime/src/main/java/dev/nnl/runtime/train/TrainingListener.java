package dev.nnl.runtime.train;

import java.util.Map;

/**
 * Training progress, for the CLI's progress bar, JSON logs, or an application's own UI. Every
 * method has an empty default, so implement only what you need; {@code new TrainingListener() {}}
 * listens to nothing. Methods are called on the training thread, between batches: keep them quick.
 * Epochs count from 0.
 */
public interface TrainingListener {
    /** Before the first epoch: the number of epochs, batches per epoch and training samples. */
    default void onTrainBegin(int epochs, int stepsPerEpoch, int samples) {
    }

    /** Before each epoch ({@code epoch} of {@code epochs}, from 0). */
    default void onEpochBegin(int epoch, int epochs) {
    }

    /** After each batch: running means over the epoch so far ("loss", metric names). */
    default void onBatchEnd(int epoch, int step, Map<String, Double> logs) {
    }

    /** After each epoch, with validation values ("val_loss", …) when there is validation data. */
    default void onEpochEnd(int epoch, Map<String, Double> logs) {
    }

    /**
     * A message from a callback, such as early stopping or a learning-rate change; and, before
     * training starts, each {@code "warning: …"} about the data (see {@code LabelClasses}).
     */
    default void onMessage(String message) {
    }
}
