package dev.nnl.runtime;

import dev.nnl.compiler.Compilation;
import dev.nnl.compiler.diag.Diagnostic;
import dev.nnl.compiler.ir.MemoryEstimate;
import dev.nnl.compiler.ir.ModelIR;
import dev.nnl.compiler.ir.Shape;
import dev.nnl.compiler.source.SourceFile;
import dev.nnl.compiler.train.TrainConfig;
import dev.nnl.runtime.artifact.Artifact;
import dev.nnl.runtime.artifact.ArtifactException;
import dev.nnl.runtime.artifact.ArtifactReader;
import dev.nnl.runtime.data.DataException;
import dev.nnl.runtime.data.DataSources;
import dev.nnl.runtime.data.Dataset;
import dev.nnl.runtime.data.Loaded;
import dev.nnl.runtime.data.PredictInput;
import dev.nnl.runtime.data.Preprocessing;
import dev.nnl.runtime.export.OnnxExport;
import dev.nnl.runtime.export.SameDiffExport;
import dev.nnl.runtime.keras.ConfigWriter;
import dev.nnl.runtime.keras.TfjsFiles;
import dev.nnl.runtime.kernels.RunContext;
import dev.nnl.runtime.plan.Plan;
import dev.nnl.runtime.samediff.ExportException;
import dev.nnl.runtime.tensor.ParamStore;
import dev.nnl.runtime.tensor.Tensor;
import dev.nnl.runtime.train.ConfusionCounts;
import dev.nnl.runtime.train.Trainer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.function.Consumer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A model with weights: loaded from an {@code .nnlz} file ({@link #load}), returned by
 * {@link CompiledModel#fit}, or freshly initialized by {@link CompiledModel#initialize}.
 *
 * <p>{@link #predict} and {@link #evaluate} are safe to call from several threads at once: each
 * call runs on a plan of its own (activation buffers per thread, one shared copy of the weights),
 * and plans are kept for reuse, so a server thread pool allocates them once.
 *
 * <p>An {@code .nnlz} holds the model's source, not Java objects: loading compiles the saved
 * source again with this version of nnl and loads the weights into it.
 */
public final class TrainedModel {
    private final Artifact artifact;
    /** The .nnlz it was loaded from, for messages; null for a model made in this JVM. */
    private final Path file;
    private final Compilation compilation;
    private final ModelIR model;
    private final ParamStore store;
    /** Idle plans over {@link #store}; each call takes one, or builds one when all are busy. */
    private final ConcurrentLinkedDeque<Plan> idle = new ConcurrentLinkedDeque<>();

    TrainedModel(Artifact artifact, Compilation compilation, ModelIR model, Plan plan) {
        this(artifact, compilation, model, plan, null);
    }

    private TrainedModel(Artifact artifact, Compilation compilation, ModelIR model, Plan plan, Path file) {
        this.artifact = artifact;
        this.file = file;
        this.compilation = compilation;
        this.model = model;
        this.store = plan.store();
        idle.push(plan);
    }

    /**
     * Loads an {@code .nnlz} written by {@code nnlc train}, {@code nnlc compile}, {@link #save}
     * or a training run with {@link FitOptions#output}.
     *
     * @throws ArtifactException when the file is missing, not an {@code .nnlz}, corrupt, or its
     *     source no longer compiles to the same weights
     * @throws NnlException when the model needs more memory than this JVM and machine can give
     */
    public static TrainedModel load(Path file) throws NnlException {
        try (ArtifactReader r = ArtifactReader.open(file)) {
            Artifact a = r.header();
            Compilation c = compileSources(a, file);
            ModelIR m = c.models().get(a.meta.model);
            if (m == null) {
                throw new ArtifactException(file + ": the saved source no longer defines a valid model `" + a.meta.model + "`", false);
            }
            int batch = Math.max(1, a.meta.batchSize);
            MemoryBudget.require(m, MemoryEstimate.inference(m, batch), "running it at batch size " + batch, batch);
            Plan plan = new Plan(m, DataType.FLOAT);
            checkFits(plan, a, file);
            r.readArrays(a);
            loadWeights(plan, a);
            return new TrainedModel(a, c, m, plan, file);
        }
    }

    /** Compiles the saved sources from a private directory, so imports resolve as they did. */
    private static Compilation compileSources(Artifact a, Path file) throws ArtifactException {
        try {
            Path dir = Files.createTempDirectory("nnlz");
            try {
                for (Map.Entry<String, String> s : a.sources.entrySet()) {
                    Path p = dir.resolve(s.getKey()).normalize();
                    if (!p.startsWith(dir)) {
                        throw new ArtifactException(file + ": corrupt model file (source path `" + s.getKey() + "` leaves its folder)", false);
                    }
                    Files.createDirectories(p.getParent());
                    Files.writeString(p, s.getValue(), StandardCharsets.UTF_8);
                }
                Path main = dir.resolve(a.meta.sourceFile);
                SourceFile src = SourceFile.decode(a.meta.sourceFile, main, Files.readAllBytes(main));
                Compilation c = dev.nnl.compiler.Compiler.compile(src);
                if (c.hasErrors()) {
                    Diagnostic first = c.diagnostics().stream().filter(Diagnostic::isError).findFirst().orElseThrow();
                    throw new ArtifactException(file + ": the saved source does not compile with this nnlc: " + first.message(), false);
                }
                return c;
            } finally {
                try (var walk = Files.walk(dir)) {
                    for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        } catch (IOException e) {
            throw new ArtifactException(file + ": cannot unpack (" + e.getMessage() + ")", true);
        }
    }

    /**
     * The artifact's metadata (read, not yet its arrays) must be the model's: same name, the same
     * weights, and the preprocessing its training recorded, so {@code predict} never feeds
     * unprepared data to a model trained on prepared data.
     */
    static void checkFits(Plan plan, Artifact a, Path file) throws ArtifactException {
        if (!plan.model().name().equals(a.meta.model)) {
            throw new ArtifactException(file + ": it holds model `" + a.meta.model + "`, not `" + plan.model().name() + "`", false);
        }
        checkLayout(plan, a, file);
        boolean trainedOnFiles = a.meta.epoch > 0 && a.meta.data != null && !a.meta.data.equals(Artifact.ARRAYS);
        if (a.meta.preprocessing == null && trainedOnFiles) {
            throw new ArtifactException(file + ": invalid artifact: `meta.json` field `preprocessing` is null, but the model was "
                    + "trained on " + a.meta.data + "; expected how that data was prepared", false);
        }
    }

    /** The artifact's weights must be exactly the model's: same layers, names and shapes, in order. */
    private static void checkLayout(Plan plan, Artifact a, Path file) throws ArtifactException {
        List<ParamStore.Slot> slots = plan.store().slots();
        boolean same = slots.size() == a.meta.weights.size();
        for (int i = 0; same && i < slots.size(); i++) {
            ParamStore.Slot s = slots.get(i);
            Artifact.WeightEntry w = a.meta.weights.get(i);
            same = s.layer().equals(w.layer()) && s.weight().name().equals(w.name()) && Arrays.equals(s.weight().shape().dims(), w.shape());
        }
        if (!same) {
            throw new ArtifactException(file + ": its weights do not match model `" + plan.model().name()
                    + "` (the model's layers or shapes changed since it was saved)", false);
        }
    }

    static void loadWeights(Plan plan, Artifact a) {
        Tensor p = plan.store().params();
        for (int i = 0; i < a.weights.length; i++) {
            p.set(i, a.weights[i]);
        }
    }

    /**
     * Replaces one weight's values (C order, the weight's shape) in the model and in what
     * {@link #save} writes: how an import puts a Keras file's weights into a fresh model.
     */
    void setWeight(ParamStore.Slot slot, float[] values) {
        Tensor p = store.params();
        for (int i = 0; i < values.length; i++) {
            p.set(slot.offset() + i, values[i]);
            artifact.weights[slot.offset() + i] = values[i];
        }
    }

    /** The model's weights, one slot per layer weight in model order. */
    List<ParamStore.Slot> slots() {
        return store.slots();
    }

    /** The model's name, as declared in its {@code .nnl} source. */
    public String name() {
        return model.name();
    }

    /** The checked model: inputs, layers with their output shapes and weights, outputs. */
    public ModelIR model() {
        return model;
    }

    /** The compiled source the model was loaded from. */
    public Compilation compilation() {
        return compilation;
    }

    /** The model's {@code train} block, or null when its source has none. */
    public TrainConfig trainConfig() {
        return compilation.trains().get(model.name());
    }

    /** How training prepared raw data (scale, vocabulary, label names), or null when it read no files. */
    public Preprocessing preprocessing() {
        return artifact.meta.preprocessing;
    }

    /**
     * The folder the train block's data paths are relative to, when they may be read: the
     * artifact records where its {@code .nnl} file was, and that file is still there with the
     * very source the artifact holds, so its data is what the user's own file names. Null
     * otherwise (an artifact from elsewhere, or an edited source): a crafted artifact could
     * name any file as its data, and {@code nnlc eval} would read it and quote it in errors.
     */
    public Path ownDataFolder() {
        Artifact.Meta meta = artifact.meta;
        try {
            if (meta.sourceDir == null || !meta.sourceFile.endsWith(".nnl") || Path.of(meta.sourceFile).getNameCount() != 1) {
                return null;
            }
            Path dir = Path.of(meta.sourceDir);
            Path source = dir.resolve(meta.sourceFile);
            if (!dir.isAbsolute() || !Files.isRegularFile(source) || Files.size(source) > ArtifactReader.MAX_SOURCE_BYTES) {
                return null;
            }
            String text = SourceFile.decode(meta.sourceFile, source, Files.readAllBytes(source)).text();
            return text.equals(artifact.sources.get(meta.sourceFile)) ? dir : null;
        } catch (IOException | java.nio.file.InvalidPathException e) {
            return null;
        }
    }

    /** Loss and metrics per finished epoch ({@code loss}, {@code accuracy}, {@code val_loss}, …); empty before training. */
    public List<Map<String, Double>> history() {
        return List.copyOf(artifact.meta.history);
    }

    /** The seed the weights were initialized from (and a run's shuffling and dropout follow). */
    public long seed() {
        return artifact.meta.seed;
    }

    /** Epochs trained so far (0 for a model from {@code nnlc compile}). */
    public int epochsTrained() {
        return artifact.meta.epoch;
    }

    /** Writes the model as an {@code .nnlz} that {@link #load}, {@code nnlc eval} and {@code nnlc predict} read; atomically. */
    public void save(Path file) throws IOException {
        artifact.save(file);
    }

    /**
     * The model's forward graph with these weights as a SameDiff graph, for plain ND4J code
     * (inference only). {@link SameDiffExport#write} saves it as a FlatBuffers file.
     *
     * @throws ExportException when a layer cannot be expressed in SameDiff (the message says why)
     */
    public SameDiffExport.Graph toSameDiff() throws ExportException {
        Plan plan = borrow();
        try {
            return SameDiffExport.build(plan);
        } finally {
            idle.push(plan);
        }
    }

    /**
     * Writes {@link #toSameDiff} as a FlatBuffers file, as {@code nnlc compile --format samediff}
     * does, and says what a caller feeds and fetches.
     *
     * @throws ExportException when a layer cannot be expressed in SameDiff (the message says why)
     * @throws NnlException an I/O error when the file cannot be written
     */
    public SameDiffFile exportSameDiff(Path target) throws NnlException {
        SameDiffExport.Graph g = toSameDiff();
        try {
            SameDiffExport.write(g, target);
        } catch (IOException e) {
            throw new NnlException("cannot write " + target + ": " + e.getMessage(), true);
        }
        return SameDiffFile.of(target, g, preprocessing());
    }

    /**
     * Writes the model's forward graph with these weights as an ONNX model, as {@code nnlc export
     * --format onnx} does: inputs and outputs named as in {@link #exportSameDiff}, a dynamic batch
     * axis, data channels last, the preprocessing stored as the metadata entry
     * {@code preprocessing} (docs/interop.md).
     *
     * @param opset the ONNX opset, {@link OnnxFile#MIN_OPSET} to {@link OnnxFile#MAX_OPSET}
     *     ({@link OnnxFile#DEFAULT_OPSET} is 17)
     * @throws ExportException when the opset is out of range or a layer cannot be expressed in
     *     ONNX (the message names the layer and says why)
     * @throws NnlException an I/O error when the file cannot be written
     */
    public OnnxFile exportOnnx(Path target, int opset) throws NnlException {
        String pre = SameDiffFile.describe(preprocessing());
        OnnxExport.Model m;
        Plan plan = borrow();
        try {
            m = OnnxExport.build(plan, opset, pre);
        } finally {
            idle.push(plan);
        }
        try {
            OnnxExport.write(m, target);
        } catch (IOException e) {
            throw new NnlException("cannot write " + target + ": " + e.getMessage(), true);
        }
        return OnnxFile.of(target, opset, m, pre);
    }

    /**
     * Writes the model as TF.js Layers files in {@code dir}: {@code model.json} (the Keras config
     * TF.js reads, and the weights manifest) and {@code weights.bin}, which
     * {@code tf.loadLayersModel} loads. Each file is written atomically.
     *
     * @throws NnlException when a layer is one TF.js 4.22 cannot run as Keras does (one line per
     *     layer, saying why), or (I/O) when a file cannot be written
     */
    public void exportTfjs(Path dir) throws NnlException {
        TfjsFiles.write(model, store.slots(), dir);
    }

    /**
     * Writes the model's Keras 3 config, as {@code model.to_json()} gives it (no weights), to
     * {@code target}, atomically.
     *
     * @throws NnlException (I/O) when the file cannot be written
     */
    public void exportKerasJson(Path target) throws NnlException {
        ConfigWriter.writeKerasJson(model, target);
    }

    /**
     * The model's outputs on a file of raw inputs, prepared as training prepared its data and
     * decoded as its loss says ({@link Predictions}): a {@code .csv} of feature columns, a
     * {@code .npy}, an IDX file or directory, or lines of text for a text model.
     *
     * @param warnings told about what was odd in the file but did not stop the reading
     *     (a CSV without a header line), before the model runs
     * @throws DataException when the file cannot be read or does not fit the model's inputs
     */
    public Predictions predictions(Path input, Consumer<String> warnings) throws NnlException {
        Loaded in = PredictInput.read(input, preprocessing());
        in.warnings().forEach(warnings);
        String loss = trainConfig() == null ? "" : trainConfig().loss().name();
        Dataset d = DataSources.fit(in, model, loss, input.toString());
        List<String> names = preprocessing() == null ? List.of() : preprocessing().labelNames();
        List<Output> outs = forward(d, batchSize());
        List<String> outputNames = outputNames();
        List<Predictions.Output> all = new ArrayList<>();
        for (int o = 0; o < outs.size(); o++) {
            all.add(new Predictions.Output(outputNames.get(o), outs.get(o).shape(d.size()), outs.get(o).values()));
        }
        return new Predictions(all, loss, names);
    }

    /**
     * The model's outputs by name, in order: the names {@code compile --format samediff} gives the
     * output variables, and the {@code OUT_<name>.npy} files of {@code predict --format npy}.
     */
    public List<String> outputNames() {
        return model.outputs().stream().map(o -> SameDiffExport.outputName(o, model)).toList();
    }

    /**
     * The files {@code predict --format npy -o file} writes for this model ({@link Predictions#writeNpy}),
     * known before predicting, so each can be checked first ({@link OutputFiles#check}).
     */
    public List<Path> npyFiles(Path file) {
        return Predictions.npyFiles(file, outputNames());
    }

    /**
     * Loss and metrics on held-out data, as {@code nnlc eval} without {@code --data} chooses it:
     * the {@code train} block's {@code test_data}, else the data's test split, else the
     * validation part of the training data, else all of the training data. The block's paths
     * are read only when the model's {@code .nnl} file is still where it was trained, unchanged
     * ({@link #ownDataFolder}).
     *
     * @param warnings told about what was odd in the data but did not stop the reading
     * @throws NnlException when the model has no {@code train} block, its source moved or
     *     changed, or the data is missing, unlabelled or does not fit
     */
    public Evaluation evaluate(Consumer<String> warnings) throws NnlException {
        return evaluate(null, warnings);
    }

    /**
     * Loss and metrics on all of {@code data}, a path in the formats training reads (as
     * {@link FitOptions#withData}, relative to the working directory); null chooses held-out
     * data as {@link #evaluate(Consumer)} does.
     *
     * @param warnings told about what was odd in the data but did not stop the reading
     * @throws NnlException when the model has no {@code train} block, or the data is missing,
     *     unlabelled or does not fit
     */
    public Evaluation evaluate(String data, Consumer<String> warnings) throws NnlException {
        TrainConfig cfg = requireTrainConfig();
        Path base = ownDataFolder();
        if (data == null && base == null) {
            throw new NnlException((file != null ? file : "model `" + name() + "`") + ": its .nnl source is not where it was trained, "
                    + "or has changed since, so eval does not read the data its train block names (an artifact may name any file); "
                    + "pass --data PATH", false);
        }
        if (base == null) {
            base = Path.of("");
        }
        boolean testData = data == null && cfg.testData() != null;
        boolean testSplit = !testData && DataSources.hasTestSplit(cfg.data(), data, base);
        Loaded loaded = testData ? DataSources.load(cfg.testData(), null, base, false, preprocessing())
                : DataSources.load(cfg.data(), data, base, !testSplit, preprocessing());
        loaded.warnings().forEach(warnings);
        Dataset d = DataSources.fit(loaded, model, cfg.loss().name(), data != null ? data : testData ? "test_data" : "the training data");
        Evaluation.Source source = testData ? Evaluation.Source.TEST_DATA : testSplit ? Evaluation.Source.TEST_SPLIT
                : data != null ? Evaluation.Source.GIVEN_DATA
                : cfg.validationSplit() > 0 ? Evaluation.Source.VALIDATION_PART : Evaluation.Source.TRAINING_DATA;
        if (source == Evaluation.Source.VALIDATION_PART) {
            d = d.slice(d.validationStart(cfg.validationSplit()), d.size());
        }
        if (d.labels() == null) {
            throw new NnlException("the evaluation data has no labels", false);
        }
        int units = (int) model.outputs().get(0).shape().last();
        ConfusionCounts counts = model.outputs().size() == 1 ? ConfusionCounts.forLoss(cfg.loss().name(), units) : null;
        Map<String, Double> scores;
        Plan plan = borrow();
        try {
            scores = Trainer.evaluate(plan, cfg, d, batchSize(), "", counts);
        } finally {
            idle.push(plan);
        }
        return new Evaluation(scores, d.size(), source, counts == null ? null : new ConfusionMatrix(classNames(counts.counts().length), counts.counts()));
    }

    /** The data's label names when there is one per class, else "0", "1", … */
    private List<String> classNames(int classes) {
        List<String> names = preprocessing() == null ? List.of() : preprocessing().labelNames();
        if (names.size() == classes) {
            return names;
        }
        List<String> ids = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            ids.add(Integer.toString(c));
        }
        return ids;
    }

    /**
     * Runs the model on a batch: one array per model input, each shaped (samples, the input's
     * shape), of any numeric type (token ids as integers or floats). Returns one float array per
     * model output, shaped (samples, the output's shape). Safe to call from several threads.
     *
     * @throws DataException when the arrays do not fit the model's inputs (the message says which and how)
     */
    public INDArray[] predict(INDArray... inputs) throws DataException {
        Dataset d = DataSources.fit(ArrayData.of(model, inputs, null), model, "", "the input arrays");
        List<Output> outs = forward(d, batchSize());
        INDArray[] result = new INDArray[outs.size()];
        for (int o = 0; o < result.length; o++) {
            result[o] = Nd4j.create(outs.get(o).values(), outs.get(o).shape(d.size()));
        }
        return result;
    }

    /** Model outputs for every sample, in batches; returns one float[] per sample (the first output). */
    public float[][] predict(Dataset data, int batchSize) {
        Output first = forward(data, batchSize).get(0);
        int per = first.perSample();
        float[][] out = new float[data.size()][];
        for (int r = 0; r < out.length; r++) {
            out[r] = Arrays.copyOfRange(first.values(), r * per, (r + 1) * per);
        }
        return out;
    }

    /**
     * Loss and metrics of the train block on labelled arrays: {@code features} one array per
     * model input, {@code labels} class ids or targets as the loss expects. Safe to call from several threads.
     *
     * @throws DataException when the arrays do not fit the model or its loss
     */
    public Map<String, Double> evaluate(INDArray[] features, INDArray labels) throws NnlException {
        TrainConfig config = requireTrainConfig();
        return evaluate(DataSources.fit(ArrayData.of(model, features, labels), model, config.loss().name(), "the evaluation arrays"));
    }

    /** Loss and metrics of the train block on a dataset checked with {@link DataSources#fit}. */
    public Map<String, Double> evaluate(Dataset data) throws NnlException {
        TrainConfig config = requireTrainConfig();
        Plan plan = borrow();
        try {
            return Trainer.evaluate(plan, config, data, batchSize(), "");
        } finally {
            idle.push(plan);
        }
    }

    private TrainConfig requireTrainConfig() throws NnlException {
        TrainConfig config = trainConfig();
        if (config == null) {
            throw new NnlException("model `" + model.name() + "` has no `train` block, which names the loss and metrics to evaluate", false);
        }
        return config;
    }

    private int batchSize() {
        return Math.max(1, artifact.meta.batchSize);
    }

    private Plan borrow() {
        Plan p = idle.poll();
        return p != null ? p : new Plan(model, DataType.FLOAT, store);
    }

    /** One model output over all samples: flat values and the per-sample shape. */
    private record Output(float[] values, long[] sampleShape) {
        int perSample() {
            return (int) Arrays.stream(sampleShape).reduce(1, (a, b) -> a * b);
        }

        long[] shape(int samples) {
            return Shape.of(sampleShape).prepend(samples).dims();
        }
    }

    private List<Output> forward(Dataset data, int batchSize) {
        Plan plan = borrow();
        try {
            int n = data.size();
            RunContext ctx = new RunContext(DataType.FLOAT, false, 0);
            List<Output> outs = new ArrayList<>();
            for (int from = 0; from < n; from += batchSize) {
                int b = Math.min(batchSize, n - from);
                Tensor[] x = new Tensor[model.inputs().size()];
                for (int i = 0; i < x.length; i++) {
                    x[i] = Tensor.zeros(DataType.FLOAT, Shape.of(data.featureShapes().get(i)).prepend(b).dims());
                    int p = data.perSample(i);
                    x[i].floats().put(0, data.features().get(i), (data.first() + from) * p, b * p);
                }
                Tensor[] y = plan.forward(x, ctx);
                for (int o = 0; o < y.length; o++) {
                    if (outs.size() == o) {
                        long[] sample = Arrays.copyOfRange(y[o].shape, 1, y[o].shape.length);
                        outs.add(new Output(new float[Math.multiplyExact(n, y[o].perSample())], sample));
                    }
                    int per = y[o].perSample();
                    y[o].floats().get(0, outs.get(o).values(), from * per, b * per);
                }
            }
            return outs;
        } finally {
            idle.push(plan);
        }
    }
}
