package dev.nnl.runtime;

import dev.nnl.compiler.Compilation;
import dev.nnl.compiler.diag.Diagnostic;
import dev.nnl.compiler.ir.ModelIR;
import dev.nnl.compiler.summary.SummaryJson;
import dev.nnl.compiler.summary.SummaryText;
import dev.nnl.compiler.train.TrainConfig;
import dev.nnl.runtime.export.SameDiffExport;
import dev.nnl.runtime.samediff.ExportException;
import dev.nnl.runtime.train.Trainer;
import dev.nnl.runtime.train.TrainingListener;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A model that compiled without errors ({@link Nnl#compile}): its checked layers and shapes, the
 * compiler's warnings, its Keras-style summary, and its {@code train} block, ready to initialize
 * or train. Immutable; training returns a new {@link TrainedModel}.
 */
public final class CompiledModel {
    private final Compilation compilation;
    private final ModelIR model;

    private CompiledModel(Compilation compilation, ModelIR model) {
        this.compilation = compilation;
        this.model = model;
    }

    /**
     * Wraps a model a tool compiled and selected itself (the CLI does, to print diagnostics its
     * own way). {@code model} must be one of {@code compilation}'s checked models.
     */
    public static CompiledModel of(Compilation compilation, ModelIR model) {
        if (compilation.models().get(model.name()) != model) {
            throw new IllegalArgumentException("model `" + model.name() + "` is not one of this compilation's checked models");
        }
        return new CompiledModel(compilation, model);
    }

    /** The model's name, as declared in its source. */
    public String name() {
        return model.name();
    }

    /** The checked model: inputs, layers with output shapes and weights, outputs. */
    public ModelIR model() {
        return model;
    }

    /** The whole compilation: every model of the file, imported files, editor facts. */
    public Compilation compilation() {
        return compilation;
    }

    /** The compiler's findings for the file: warnings and notes only, since the model compiled. */
    public List<Diagnostic> diagnostics() {
        return compilation.diagnostics();
    }

    /** The Keras-style summary table, exactly as {@code nnlc summary} prints it. */
    public String summary() {
        return SummaryText.render(model);
    }

    /** The summary as JSON, exactly as {@code nnlc summary --format json} prints it. */
    public String summaryJson() {
        return SummaryJson.render(model, false);
    }

    /** The model's {@code train} block (loss, optimizer, data, …), or null when the source has none. */
    public TrainConfig trainConfig() {
        return compilation.trains().get(model.name());
    }

    /**
     * The model before training, as {@code nnlc compile} saves it: weights initialized as Keras
     * would from the seed ({@link FitOptions#seed}, else the train block's, else random), and the
     * preprocessing (scale, vocabulary, label names, standardization) read from the train block's
     * data (or {@link FitOptions#data}), with pretrained embeddings loaded. Training it further
     * with {@link FitOptions#withResume} after saving gives the same run as training from scratch.
     *
     * @throws NnlException when the data is missing or does not fit the model, or the model does
     *     not fit in memory
     */
    public TrainedModel initialize(FitOptions options) throws NnlException {
        return new TrainJob(compilation, model, trainConfig(), options).prepare(true);
    }

    /**
     * The model with weights initialized from {@code seed} and nothing read from disk (pretrained
     * embeddings keep their random initialization; no preprocessing is recorded).
     *
     * @throws NnlException when the model needs more memory than this JVM and machine can give
     */
    public TrainedModel initialize(long seed) throws NnlException {
        return new TrainJob(compilation, model, trainConfig(), FitOptions.defaults().withSeed(seed)).prepare(false);
    }

    /** {@link #initialize(long)} with the train block's seed, else 0: the same weights on every call. */
    public TrainedModel initialize() throws NnlException {
        TrainConfig config = trainConfig();
        return initialize(config != null && config.seed() != null ? config.seed() : 0);
    }

    /**
     * The forward graph with the weights of {@link #initialize()} as a SameDiff graph.
     *
     * @throws NnlException when the model does not fit in memory, or the export cannot express it ({@link ExportException})
     */
    public SameDiffExport.Graph toSameDiff() throws NnlException {
        return initialize().toSameDiff();
    }

    /**
     * Trains as {@code nnlc train} does: on the train block's data (or {@link FitOptions#data}),
     * with its loss, optimizer, metrics, validation and callbacks, saving to
     * {@link FitOptions#output} after every epoch when set. Progress reaches {@code listener}
     * (use {@code new TrainingListener() {}} for none).
     *
     * @throws NnlException when the model has no train block, or its data is missing or does not fit
     * @throws IOException when the output file cannot be written
     * @throws Trainer.DivergedException when the loss becomes NaN or infinite (the last finished
     *     epoch is saved)
     */
    public FitResult fit(FitOptions options, TrainingListener listener) throws NnlException, IOException {
        return fit(options, listener, new AtomicBoolean());
    }

    /**
     * {@link #fit(FitOptions, TrainingListener)} that stops when {@code stop} becomes true (set it
     * from any thread): the run ends after the current batch, saves a resumable checkpoint to
     * {@link FitOptions#output} and throws {@link Trainer.Stopped}.
     */
    public FitResult fit(FitOptions options, TrainingListener listener, AtomicBoolean stop) throws NnlException, IOException {
        return job(options).run(listener, stop);
    }

    /**
     * {@link #fit(FitOptions, TrainingListener, AtomicBoolean)} with each epoch's training steps
     * run on data-parallel workers ({@code nnlc train --spark}); validation, callbacks, progress
     * and the artifact stay in this process. Each worker reads the data itself.
     */
    public FitResult fit(FitOptions options, TrainingListener listener, AtomicBoolean stop, DataParallel parallel)
            throws NnlException, IOException {
        if (trainConfig() == null) {
            throw new NnlException("model `" + model.name() + "` has no `train` block (it names the loss, optimizer and data)", false);
        }
        return new TrainJob(compilation, model, trainConfig(), options, parallel).run(listener, stop);
    }

    /**
     * Trains on arrays in memory instead of files: {@code features} one array per model input,
     * shaped (samples, the input's shape); {@code labels} class ids or targets as the loss
     * expects. The train block's {@code validation_split} holds out the last samples, as Keras does.
     *
     * @throws IllegalArgumentException when {@code options} also name a data file ({@link FitOptions#data})
     */
    public FitResult fit(INDArray[] features, INDArray labels, FitOptions options, TrainingListener listener)
            throws NnlException, IOException {
        if (options.data() != null) {
            throw new IllegalArgumentException("FitOptions.data names a file to train on, but the arrays are the data: leave it null");
        }
        return job(options).run(ArrayData.of(model, features, labels), listener, new AtomicBoolean());
    }

    /**
     * The files {@link #fit} or {@link #initialize(FitOptions)} with these options read: the source
     * and its imports, the data the train block (or {@link FitOptions#data}) names, pretrained
     * vectors, and {@link FitOptions#resume}; null for a source without a file. A tool checks its
     * own outputs against them ({@link dev.nnl.runtime.io.OutputPath#check}); {@link #fit} checks
     * {@link FitOptions#output} itself.
     */
    public List<Path> inputFiles(FitOptions options) {
        return new TrainJob(compilation, model, trainConfig(), options).inputFiles();
    }

    private TrainJob job(FitOptions options) throws NnlException {
        if (trainConfig() == null) {
            throw new NnlException("model `" + model.name() + "` has no `train` block (it names the loss, optimizer and data)", false);
        }
        return new TrainJob(compilation, model, trainConfig(), options);
    }
}
