package dev.nnl.compiler.train;

import dev.nnl.compiler.layers.ArgType;
import dev.nnl.compiler.layers.ParamSchema;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Arguments of the configurable values in a {@code train} block, with Keras 3 names and
 * defaults (not ND4J's: RMSprop is lr 0.001 / rho 0.9 / eps 1e-7, Adam's eps is 1e-7).
 */
public final class TrainSchemas {
    private TrainSchemas() {
    }

    private static final ArgType LR = ArgType.real(0, true, Double.POSITIVE_INFINITY, false);
    private static final ArgType NON_NEGATIVE = ArgType.real(0, false, Double.POSITIVE_INFINITY, false);
    private static final ArgType EPSILON = ArgType.real(0, true, Double.POSITIVE_INFINITY, false);
    private static final ArgType BETA = ArgType.real(0, false, 1, false);

    private static ParamSchema.Builder withClipping(ParamSchema.Builder b) {
        return b.keyword("clipnorm", ArgType.optional(LR), null, "none", "Clip each gradient to this norm.")
                .keyword("clipvalue", ArgType.optional(LR), null, "none", "Clip each gradient element to ±this value.")
                .keyword("global_clipnorm", ArgType.optional(LR), null, "none", "Clip all gradients together to this norm.");
    }

    /** The entries a {@code train} block may set, in documentation order. */
    public static final List<String> KEYS = List.of("data", "loss", "optimizer", "metrics", "epochs", "batch_size",
            "validation_split", "validation_data", "test_data", "callbacks", "seed", "shuffle");

    public static final Map<String, ParamSchema> OPTIMIZERS = new LinkedHashMap<>();
    public static final Map<String, ParamSchema> CALLBACKS = new LinkedHashMap<>();
    public static final Map<String, ParamSchema> DATA = new LinkedHashMap<>();
    public static final Map<String, ParamSchema> LOSSES = new LinkedHashMap<>();

    /** Loss symbols (and Keras aliases) to the canonical name. */
    public static final Map<String, String> LOSS_NAMES = new LinkedHashMap<>();
    /** Loss classes (configurable form) to the canonical name. */
    public static final Map<String, String> LOSS_CLASSES = new LinkedHashMap<>();
    public static final List<String> METRICS = List.of("accuracy", "acc", "binary_accuracy", "categorical_accuracy",
            "sparse_categorical_accuracy", "precision", "recall", "auc", "mae", "mse");

    static {
        OPTIMIZERS.put("SGD", withClipping(ParamSchema.builder()
                .optional("learning_rate", LR, 0.01, "0.01", "Step size.").keras2("lr")
                .optional("momentum", BETA, 0.0, "0", "Momentum.")
                .optional("nesterov", ArgType.bool(), false, "false", "Nesterov momentum."))
                .keyword("weight_decay", ArgType.optional(NON_NEGATIVE), null, "none", "Decoupled weight decay.")
                .build());
        OPTIMIZERS.put("RMSprop", withClipping(ParamSchema.builder()
                .optional("learning_rate", LR, 0.001, "0.001", "Step size.").keras2("lr")
                .optional("rho", BETA, 0.9, "0.9", "Decay of the squared-gradient average.")
                .optional("momentum", BETA, 0.0, "0", "Momentum.")
                .optional("epsilon", EPSILON, 1e-7, "1e-7", "Added for numerical stability.")
                .optional("centered", ArgType.bool(), false, "false", "Normalize by the gradient variance."))
                .keyword("weight_decay", ArgType.optional(NON_NEGATIVE), null, "none", "Decoupled weight decay.")
                .build());
        OPTIMIZERS.put("Adam", withClipping(ParamSchema.builder()
                .optional("learning_rate", LR, 0.001, "0.001", "Step size.").keras2("lr")
                .optional("beta_1", BETA, 0.9, "0.9", "Decay of the first moment.")
                .optional("beta_2", BETA, 0.999, "0.999", "Decay of the second moment.")
                .optional("epsilon", EPSILON, 1e-7, "1e-7", "Added for numerical stability.")
                .optional("amsgrad", ArgType.bool(), false, "false", "Use AMSGrad."))
                .keyword("weight_decay", ArgType.optional(NON_NEGATIVE), null, "none", "Decoupled weight decay.")
                .build());
        OPTIMIZERS.put("AdamW", withClipping(ParamSchema.builder()
                .optional("learning_rate", LR, 0.001, "0.001", "Step size.").keras2("lr")
                .optional("weight_decay", NON_NEGATIVE, 0.004, "0.004", "Decoupled weight decay.")
                .optional("beta_1", BETA, 0.9, "0.9", "Decay of the first moment.")
                .optional("beta_2", BETA, 0.999, "0.999", "Decay of the second moment.")
                .optional("epsilon", EPSILON, 1e-7, "1e-7", "Added for numerical stability.")
                .optional("amsgrad", ArgType.bool(), false, "false", "Use AMSGrad."))
                .build());
        OPTIMIZERS.put("Adagrad", withClipping(ParamSchema.builder()
                .optional("learning_rate", LR, 0.001, "0.001", "Step size.").keras2("lr")
                .optional("initial_accumulator_value", NON_NEGATIVE, 0.1, "0.1", "Starting value of the accumulators.")
                .optional("epsilon", EPSILON, 1e-7, "1e-7", "Added for numerical stability."))
                .keyword("weight_decay", ArgType.optional(NON_NEGATIVE), null, "none", "Decoupled weight decay.")
                .build());

        ArgType monitor = ArgType.name();
        ArgType mode = ArgType.choice("mode", "auto", "min", "max");
        CALLBACKS.put("EarlyStopping", ParamSchema.builder()
                .optional("monitor", monitor, "val_loss", "\"val_loss\"", "Quantity to watch.")
                .optional("min_delta", NON_NEGATIVE, 0.0, "0", "Smallest change that counts as an improvement.")
                .optional("patience", ArgType.integer(0), 0L, "0", "Epochs without improvement before stopping.")
                .optional("verbose", ArgType.integer(0), 0L, "0", "Print when stopping.")
                .optional("mode", mode, "auto", "auto", "Whether lower or higher is better.")
                .optional("baseline", ArgType.optional(ArgType.real()), null, "none", "Stop if not better than this.")
                .optional("restore_best_weights", ArgType.bool(), false, "false", "Restore the best epoch's weights at the end.")
                .optional("start_from_epoch", ArgType.integer(0), 0L, "0", "Epochs to wait before watching.")
                .build());
        CALLBACKS.put("ModelCheckpoint", ParamSchema.builder()
                .required("filepath", ArgType.string(), "Where to save (may contain {epoch}).")
                .optional("monitor", monitor, "val_loss", "\"val_loss\"", "Quantity to watch.")
                .optional("verbose", ArgType.integer(0), 0L, "0", "Print when saving.")
                .optional("save_best_only", ArgType.bool(), false, "false", "Only save when the monitored quantity improves.")
                .optional("save_weights_only", ArgType.bool(), false, "false", "Save weights only.")
                .optional("mode", mode, "auto", "auto", "Whether lower or higher is better.")
                .optional("save_freq", ArgType.choice("save frequency", "epoch"), "epoch", "epoch", "When to save.")
                .build());
        CALLBACKS.put("ReduceLROnPlateau", ParamSchema.builder()
                .optional("monitor", monitor, "val_loss", "\"val_loss\"", "Quantity to watch.")
                .optional("factor", ArgType.real(0, true, 1, true), 0.1, "0.1", "Multiply the learning rate by this.")
                .optional("patience", ArgType.integer(0), 10L, "10", "Epochs without improvement before reducing.")
                .optional("verbose", ArgType.integer(0), 0L, "0", "Print when reducing.")
                .optional("mode", mode, "auto", "auto", "Whether lower or higher is better.")
                .optional("min_delta", NON_NEGATIVE, 1e-4, "0.0001", "Smallest change that counts as an improvement.")
                .optional("cooldown", ArgType.integer(0), 0L, "0", "Epochs to wait after a reduction.")
                .optional("min_lr", NON_NEGATIVE, 0.0, "0", "Lower bound on the learning rate.")
                .build());
        CALLBACKS.put("CSVLogger", ParamSchema.builder()
                .required("filename", ArgType.string(), "The CSV file to write, one row per epoch.")
                .optional("separator", ArgType.string(), ",", "\",\"", "Field separator.")
                .optional("append", ArgType.bool(), false, "false", "Append to an existing file.")
                .build());

        ArgType scale = ArgType.real(0, true, Double.POSITIVE_INFINITY, false);
        DATA.put("idx", ParamSchema.builder()
                .required("path", ArgType.string(), "An MNIST-style directory (train-*/t10k-* files) or an images file.")
                .optional("labels", ArgType.optional(ArgType.string()), null, "none", "The labels file, when path is an images file.")
                .optional("scale", scale, 1.0, "1", "Multiply pixel values by this (1/255 maps bytes to [0, 1]).")
                .build());
        DATA.put("csv", ParamSchema.builder()
                .required("path", ArgType.string(), "The CSV file.")
                .optional("label", ArgType.optional(ArgType.name()), null, "none", "The label column (name, or none for the last column).")
                .optional("header", ArgType.bool(), true, "true", "Whether the first row names the columns.")
                .optional("scale", scale, 1.0, "1", "Multiply features (and a windowed target) by this.")
                .optional("standardize", ArgType.bool(), false, "false",
                        "Shift and scale each feature column to mean 0 and variance 1 (statistics of the training data, saved with the model).")
                .optional("window", ArgType.optional(ArgType.integer(1)), null, "none", "Make a series into windows of this many steps predicting the next value.")
                .optional("delimiter", ArgType.string(), ",", "\",\"", "Field separator.")
                .build());
        DATA.put("npy", ParamSchema.builder()
                .required("x", ArgType.strings(), "Features: one .npy file, or a list with one per model input.")
                .optional("y", ArgType.optional(ArgType.string()), null, "none", "Labels .npy file.")
                .optional("scale", scale, 1.0, "1", "Multiply features by this.")
                .build());
        DATA.put("text", ParamSchema.builder()
                .required("path", ArgType.string(), "A TSV file: text, tab, label per line (or with a header naming the columns).")
                .optional("label", ArgType.name(), "label", "\"label\"", "The label column.")
                .optional("tokens", ArgType.choice("tokenization", "words", "chars"), "words", "words", "Split into words or characters.")
                .optional("max_length", ArgType.integer(1), 100L, "100", "Pad or truncate every text to this many tokens.")
                .optional("vocab_size", ArgType.optional(ArgType.integer(2)), null, "none", "Keep the most frequent tokens (ids 0 and 1 are padding and unknown).")
                .optional("lowercase", ArgType.bool(), true, "true", "Lowercase before tokenizing.")
                .build());

        ArgType fromLogits = ArgType.bool();
        LOSSES.put("SparseCategoricalCrossentropy", ParamSchema.builder()
                .optional("from_logits", fromLogits, false, "false", "The output is logits, not probabilities.").build());
        LOSSES.put("CategoricalCrossentropy", ParamSchema.builder()
                .optional("from_logits", fromLogits, false, "false", "The output is logits, not probabilities.")
                .optional("label_smoothing", ArgType.real(0, false, 1, false), 0.0, "0", "Smooth the one-hot labels.").build());
        LOSSES.put("BinaryCrossentropy", ParamSchema.builder()
                .optional("from_logits", fromLogits, false, "false", "The output is logits, not probabilities.")
                .optional("label_smoothing", ArgType.real(0, false, 1, false), 0.0, "0", "Smooth the labels.").build());
        LOSSES.put("MeanSquaredError", ParamSchema.builder().build());
        LOSSES.put("MeanAbsoluteError", ParamSchema.builder().build());
        LOSSES.put("Huber", ParamSchema.builder()
                .optional("delta", ArgType.real(0, true, Double.POSITIVE_INFINITY, false), 1.0, "1.0", "Where the loss turns linear.").build());

        LOSS_NAMES.put("sparse_categorical_crossentropy", "sparse_categorical_crossentropy");
        LOSS_NAMES.put("categorical_crossentropy", "categorical_crossentropy");
        LOSS_NAMES.put("binary_crossentropy", "binary_crossentropy");
        LOSS_NAMES.put("mse", "mse");
        LOSS_NAMES.put("mean_squared_error", "mse");
        LOSS_NAMES.put("mae", "mae");
        LOSS_NAMES.put("mean_absolute_error", "mae");
        LOSS_NAMES.put("huber", "huber");
        LOSS_CLASSES.put("SparseCategoricalCrossentropy", "sparse_categorical_crossentropy");
        LOSS_CLASSES.put("CategoricalCrossentropy", "categorical_crossentropy");
        LOSS_CLASSES.put("BinaryCrossentropy", "binary_crossentropy");
        LOSS_CLASSES.put("MeanSquaredError", "mse");
        LOSS_CLASSES.put("MeanAbsoluteError", "mae");
        LOSS_CLASSES.put("Huber", "huber");
    }
}
