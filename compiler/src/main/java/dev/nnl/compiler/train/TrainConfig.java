package dev.nnl.compiler.train;

import dev.nnl.compiler.layers.LayerArgs;
import dev.nnl.compiler.source.Span;
import java.util.List;

/**
 * A checked {@code train} block: every setting validated, Keras defaults filled in. Data
 * sources are validated for their arguments only; files are read by the runtime.
 *
 * @param data the data source (null when the block names none: {@code --data} must)
 * @param validationData a second data source, or null
 * @param testData a third data source, evaluated once after training (the {@code Test:} line), or null
 * @param seed null when unset (a random seed is chosen and recorded)
 */
public record TrainConfig(String model, Configured data, Loss loss, Configured optimizer, List<String> metrics,
                          long epochs, long batchSize, double validationSplit, Configured validationData,
                          Configured testData, List<Configured> callbacks, Long seed, boolean shuffle, Span span) {

    public TrainConfig {
        metrics = List.copyOf(metrics);
        callbacks = List.copyOf(callbacks);
    }

    /** A named configurable with its bound arguments: {@code Adam(learning_rate=0.001)}, {@code idx("…")}. */
    public record Configured(String name, LayerArgs args, Span span) {
    }

    /** A loss by canonical name, with {@code from_logits} and other arguments bound. */
    public record Loss(String name, LayerArgs args, Span span) {
        public boolean fromLogits() {
            Object v = args == null ? null : args.get("from_logits");
            return v != null && (Boolean) v;
        }
    }
}
