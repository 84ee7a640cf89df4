package dev.nnl.runtime;

import java.util.Map;

/**
 * The loss and metrics of {@link TrainedModel#evaluate(java.util.function.Consumer)} and
 * {@link TrainedModel#evaluate(String, java.util.function.Consumer)}, with the data they were
 * computed on.
 *
 * @param scores  {@code loss} and each metric of the {@code train} block
 * @param samples how many samples were evaluated
 * @param source  which data that was
 * @param confusion for a classification loss ({@code sparse_categorical_crossentropy},
 *     {@code categorical_crossentropy}, {@code binary_crossentropy} with one sigmoid unit) with at
 *     most {@link ConfusionMatrix#MAX_CLASSES} classes, how the predictions fall per class; null
 *     otherwise (a regression loss)
 */
public record Evaluation(Map<String, Double> scores, int samples, Source source, ConfusionMatrix confusion) {
    /** The data an evaluation read, in the order {@code evaluate} prefers it. */
    public enum Source {
        /** The {@code train} block's {@code test_data}. */
        TEST_DATA("test_data"),
        /** The test split of the training data (an IDX directory's {@code t10k} files). */
        TEST_SPLIT("test split"),
        /** The validation part of the training data: its last {@code validation_split} samples. */
        VALIDATION_PART("validation part of the training data"),
        /** All of the training data: the model has no held-out data. */
        TRAINING_DATA("training data"),
        /** All of the data the caller named (`nnlc eval --data`). */
        GIVEN_DATA("all of --data");

        private final String description;

        Source(String description) {
            this.description = description;
        }

        /** As {@code nnlc eval} names it: "test split", "validation part of the training data", … */
        public String description() {
            return description;
        }
    }
}
