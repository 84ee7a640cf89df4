package dev.nnl.compiler.diag;

import static dev.nnl.compiler.diag.Severity.ERROR;
import static dev.nnl.compiler.diag.Severity.INFO;
import static dev.nnl.compiler.diag.Severity.WARNING;

import java.util.Locale;

/**
 * The catalog of every diagnostic: its stable code, default severity, message template and a
 * one-paragraph explanation (docs/diagnostics.md is generated from this list and the golden
 * examples). Ranges: NNL1xxx syntax, NNL2xxx names and arguments, NNL3xxx shapes and types,
 * NNL4xxx training configuration, NNL5xxx lint (rules of thumb; each lint also has a name).
 */
public enum Code {
    // ---- NNL1xxx: syntax ----
    INVALID_UTF8(1001, ERROR, null, "invalid UTF-8 byte sequence",
            "Source files are UTF-8. Re-save the file as UTF-8."),
    UNEXPECTED_CHARACTER(1002, ERROR, null, "unexpected character %s",
            "A character that cannot start any token: identifiers are ASCII letters, digits and `_`."),
    SYNTAX(1003, ERROR, null, "expected %s, found %s",
            "The parser could not continue here. The message names what it expected."),
    UNTERMINATED_STRING(1004, ERROR, null, "unterminated string",
            "Strings end with `\"` on the same line; they do not span lines."),
    BAD_ESCAPE(1005, ERROR, null, "unknown escape `\\%s` in a string",
            "The escapes are `\\\"`, `\\\\`, `\\n` and `\\t`."),
    UNTERMINATED_COMMENT(1006, ERROR, null, "unterminated block comment",
            "A `/*` comment needs a closing `*/`."),
    TOO_DEEP(1007, ERROR, null, "nesting is deeper than %s",
            "Brackets or expressions nest deeper than the compiler accepts."),
    TOO_MANY_ERRORS(1008, ERROR, null, "too many errors (%d); stopped checking this file",
            "After this many errors in one file, the parser's and the checker's alike, the rest of the file is not checked, so garbage input stays fast."),

    // ---- NNL2xxx: names and arguments ----
    UNKNOWN_LAYER(2001, ERROR, null, "unknown layer `%s`",
            "The call names no layer, block or wrapper. Layer names are Keras class names (`nnlc layers` lists them)."),
    UNKNOWN_ARGUMENT(2002, ERROR, null, "`%s` has no argument `%s`",
            "Keyword arguments use Keras 3 snake_case names (`nnlc explain LAYER` lists them)."),
    TOO_MANY_ARGUMENTS(2003, ERROR, null, "`%s` takes at most %d positional argument%s, found %d",
            "Positional arguments follow Keras order; pass the rest by keyword."),
    DUPLICATE_ARGUMENT(2004, ERROR, null, "argument `%s` is given more than once",
            "Each argument may be given once, by position or by keyword."),
    MISSING_ARGUMENT(2005, ERROR, null, "`%s` needs argument `%s`",
            "The argument has no Keras default, so it must be given."),
    ARGUMENT_TYPE(2006, ERROR, null, "`%s` expects %s, found %s",
            "The value has the wrong type for the argument."),
    ARGUMENT_VALUE(2007, ERROR, null, "invalid `%s`: %s",
            "The value has the right type but is out of range or not allowed here."),
    UNKNOWN_SYMBOL(2008, ERROR, null, "unknown %s `%s`",
            "A symbol such as an activation, padding or initializer that Keras does not know."),
    UNDEFINED_NAME(2009, ERROR, null, "`%s` is not defined",
            "The name is not an input, a binding, a `let` constant or a block parameter in scope."),
    DUPLICATE_NAME(2010, ERROR, null, "`%s` is already defined",
            "Names are single-assignment within a model, and models, blocks and constants are unique in a file."),
    UNUSED_NAME(2011, WARNING, null, "`%s` is never used",
            "A bound tensor or input that no layer and no `output` uses is probably a mistake."),
    UNKNOWN_MODEL(2012, ERROR, null, "no model named `%s`",
            "A `train` block or `--model` names a model that the file does not define."),
    DUPLICATE_LAYER_NAME(2013, ERROR, null, "layer name `%s` is used twice in model `%s`",
            "Layer names (`name=` or Keras defaults) must be unique in a model."),
    RECURSIVE_BLOCK(2014, ERROR, null, "block `%s` uses itself",
            "Blocks expand in place, so a block that calls itself (directly or through others) never ends."),
    IMPORT_FAILED(2015, ERROR, null, "cannot import %s: %s",
            "`import` paths are relative to the importing file; the file must be a readable `.nnl` file "
                    + "(a regular file, not a FIFO or a device) of at most 64 MiB. An imported file that does not parse "
                    + "is reported here, where its first syntax error is, without quoting it: check it on its own to see them."),
    IMPORT_CYCLE(2016, ERROR, null, "import cycle: %s",
            "Files may not import each other in a circle."),
    POSITIONAL_AFTER_KEYWORD(2017, ERROR, null, "positional argument after a keyword argument",
            "As in Python: positional arguments come first."),
    NOT_A_LAYER(2018, ERROR, null, "`%s` is %s, not a layer",
            "Only layers, merges and blocks may appear in a model body."),
    DEPRECATED_ARGUMENT(2019, WARNING, null, "`%s` is the Keras 2 name; Keras 3 calls it `%s`",
            "Keras 2 spellings are accepted so old code keeps working; use the Keras 3 name."),
    NO_INPUT(2020, ERROR, null, "model `%s` has no input",
            "Every model declares at least one `input NAME: (SHAPE)`."),
    AMBIGUOUS_SOURCE(2021, ERROR, null, "`%s` has no input to continue from: %s",
            "A bare layer call continues from the previous statement; with several inputs the first must say which one (`x -> Dense(…)`)."),
    MERGE_ARITY(2022, ERROR, null, "`%s` needs at least 2 inputs, found %d",
            "Merge layers combine several tensors: `Add(a, b)`."),
    UNKNOWN_DTYPE(2023, ERROR, null, "unknown dtype `%s`",
            "Inputs are `float32` (the default) or `int32` (token ids for an Embedding)."),
    CONSTANT_EXPRESSION(2024, ERROR, null, "%s",
            "Constant arithmetic works on numbers only, and cannot divide by zero."),
    NO_MODEL(2025, WARNING, null, "this file defines no model",
            "`check` accepts it (it may hold blocks for `import`); `summary` and `train` need a model."),
    EMPTY_MODEL(2026, ERROR, null, "model `%s` has no layers",
            "A model needs at least one layer between its inputs and outputs."),
    IGNORED_ARGUMENT(2028, WARNING, null, "`%s` is ignored: %s",
            "Keras 3 still accepts this argument so old code runs, but it has no effect; remove it."),
    DEAD_LAYER(2029, WARNING, null, "`%s` does not lead to any output",
            "Keras builds a model from its outputs back, so a layer that feeds no output is not part of it: no parameters, no training."),
    NEEDS_MODEL_CHOICE(2027, ERROR, null, "the file defines %d models; choose one with --model (%s)",
            "With several models in a file, `summary` and `train` need `--model NAME`."),

    // ---- NNL3xxx: shapes and types ----
    INPUT_RANK(3001, ERROR, null, "`%s` expects %s, found %s",
            "The layer received a tensor of the wrong rank. Keras shapes include the batch dimension, shown as `None`."),
    INCOMPATIBLE_SHAPES(3002, ERROR, null, "`%s` cannot combine shapes %s",
            "Merge layers need matching shapes (Concatenate: all axes but the concatenation axis)."),
    EMPTY_OUTPUT(3003, ERROR, null, "`%s` would produce an empty output: %s",
            "Convolution and pooling sizes must leave at least one element on every axis."),
    SIZE_OVERFLOW(3004, ERROR, null, "%s is too large (over %s)",
            "A dimension or parameter count does not fit in 64 bits."),
    RESHAPE_SIZE(3005, ERROR, null, "cannot reshape %s into %s",
            "Reshape keeps the number of elements of each sample; `-1` stands for the one size that makes it fit."),
    DTYPE(3006, ERROR, null, "`%s` expects %s input, found %s",
            "Token ids (`int32`) go through an Embedding; other layers compute on `float32`."),
    UNKNOWN_DIMENSION(3007, ERROR, null, "`%s` needs a known %s, found %s",
            "Weights are sized by this dimension, so it cannot be `None`."),
    SEVERAL_OUTPUTS(3008, ERROR, null, "`%s` receives %d tensors but takes one",
            "A layer with several outputs (e.g. `Bidirectional(merge_mode=none)`) feeds a merge layer."),
    BAD_INPUT_SHAPE(3009, ERROR, null, "invalid input shape: %s",
            "Input dimensions are positive integers or `none`."),
    AXIS_RANGE(3010, ERROR, null, "axis %d is out of range for %s",
            "Axes count from 1 (the batch axis is 0) or from the end with negative numbers."),
    WRAPPED_LAYER(3011, ERROR, null, "`%s` wraps %s",
            "Bidirectional wraps a recurrent layer: SimpleRNN, LSTM or GRU."),

    // ---- NNL4xxx: training configuration ----
    UNKNOWN_TRAIN_KEY(4001, ERROR, null, "unknown `train` setting `%s`",
            "The settings are data, loss, optimizer, metrics, epochs, batch_size, validation_split, validation_data, test_data, callbacks, seed, shuffle."),
    MISSING_TRAIN_KEY(4002, ERROR, null, "`train %s` needs `%s`",
            "Training cannot start without this setting."),
    UNKNOWN_TRAIN_VALUE(4003, ERROR, null, "unknown %s `%s`",
            "Losses, optimizers, metrics and callbacks use Keras names."),
    LOSS_OUTPUT(4004, ERROR, null, "loss `%s` does not fit the output %s: %s",
            "The loss and the model's output layer must agree (class ids need one unit per class, and so on)."),
    TRAIN_VALUE(4005, ERROR, null, "invalid `%s`: %s",
            "The setting has the wrong type or is out of range."),
    VALIDATION_CONFLICT(4006, ERROR, null, "`validation_split` and `validation_data` are both set",
            "Keras uses validation_data when both are given; say which you mean."),
    DUPLICATE_TRAIN_KEY(4007, ERROR, null, "`%s` is set twice",
            "Each `train` setting is given once."),
    DUPLICATE_TRAIN(4008, ERROR, null, "model `%s` has two `train` blocks",
            "One `train` block per model; use command-line flags for variants."),

    // ---- NNL5xxx: lint ----
    DROPOUT_AFTER_INPUT(5001, WARNING, "dropout-after-input", "Dropout right after input `%s` drops raw features",
            "Dropping input features at random rarely helps and often hurts; put Dropout after a hidden layer."),
    LINEAR_STACK(5002, WARNING, "linear-stack", "`%s` has no activation and feeds another Dense layer",
            "Two linear maps in a row collapse into one: without a nonlinearity the extra layer adds parameters but no capacity. ReLU is the usual choice."),
    LAYER_FAMILY(5003, WARNING, "layer-family", "%s",
            "1D layers (Conv1D, MaxPooling1D, …) are for sequences, 2D layers for images."),
    TOKENS_WITHOUT_EMBEDDING(5004, WARNING, "tokens-without-embedding", "integer input `%s` goes into `%s` without an Embedding",
            "Token ids are categories, not quantities: map them to vectors with an Embedding first."),
    EMBEDDING_FLOAT_INPUT(5005, WARNING, "embedding-float-input", "`Embedding` is fed float32 input `%s`",
            "An Embedding looks up integer ids; declare the input `int32`."),
    OUTPUT_ACTIVATION(5006, WARNING, "output-activation", "%s",
            "The output activation and the loss must agree: softmax with categorical losses, sigmoid with binary_crossentropy, linear with regression losses."),
    RECURRENT_OPTIMIZER(5007, INFO, "recurrent-optimizer", "recurrent models usually train better with RMSprop or Adam than with %s",
            "Plain SGD struggles with the long gradients of recurrent nets; RMSprop and Adam adapt per weight."),
    MASK_DROPPED(5008, WARNING, "mask-dropped", "`%s` does not support masking; the padding mask from `%s` stops here",
            "Layers after this one see padding as real data."),
    SOFTMAX_ONE_UNIT(5009, WARNING, "softmax-one-unit", "softmax over 1 unit always outputs 1.0",
            "For a binary output use `Dense(1, activation=sigmoid)` with binary_crossentropy, or 2 units with softmax."),
    ;

    private final int number;
    private final Severity severity;
    private final String lintName;
    private final String template;
    private final String explanation;

    Code(int number, Severity severity, String lintName, String template, String explanation) {
        this.number = number;
        this.severity = severity;
        this.lintName = lintName;
        this.template = template;
        this.explanation = explanation;
    }

    /** The stable identifier, e.g. {@code NNL3001}. */
    public String id() {
        return "NNL" + number;
    }

    public Severity severity() {
        return severity;
    }

    /** NNL1xxx: the file does not lex or parse (as opposed to a mistake in what it says). */
    public boolean isSyntax() {
        return number >= 1000 && number < 2000;
    }

    /** The lint's name for {@code allow(...)} comments, or null for non-lint diagnostics. */
    public String lintName() {
        return lintName;
    }

    public boolean isLint() {
        return lintName != null;
    }

    public String explanation() {
        return explanation;
    }

    String format(Object... args) {
        return args.length == 0 ? template : String.format(Locale.ROOT, template, args);
    }

    /** Looks a code up by id ({@code NNL5001}) or lint name ({@code dropout-after-input}). */
    public static Code lookup(String idOrName) {
        for (Code c : values()) {
            if (c.id().equalsIgnoreCase(idOrName) || idOrName.equals(c.lintName)) {
                return c;
            }
        }
        return null;
    }
}
