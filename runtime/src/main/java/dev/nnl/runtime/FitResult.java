package dev.nnl.runtime;

import java.util.List;
import java.util.Map;

/**
 * What a training run ({@link CompiledModel#fit}) produced.
 *
 * @param model the trained model, ready for {@link TrainedModel#predict} and {@link TrainedModel#save}
 * @param history loss and metrics per epoch, with {@code val_} values when there was validation data
 * @param test loss and metrics on the train block's {@code test_data}, else on the data's own test
 *     split (an MNIST-style directory's t10k files), or null when there is neither
 * @param trainSamples samples trained on per epoch
 * @param validationSamples samples validated on per epoch (0 without validation)
 */
public record FitResult(TrainedModel model, List<Map<String, Double>> history, Map<String, Double> test, int trainSamples,
                        int validationSamples) {
}
