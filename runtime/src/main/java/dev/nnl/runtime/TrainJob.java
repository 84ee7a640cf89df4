package dev.nnl.runtime;

import dev.nnl.compiler.Compilation;
import dev.nnl.compiler.ir.LayerNode;
import dev.nnl.compiler.ir.MemoryEstimate;
import dev.nnl.compiler.ir.ModelIR;
import dev.nnl.compiler.source.SourceFile;
import dev.nnl.compiler.train.TrainConfig;
import dev.nnl.compiler.value.Value;
import dev.nnl.runtime.artifact.Artifact;
import dev.nnl.runtime.artifact.ArtifactReader;
import dev.nnl.runtime.data.DataException;
import dev.nnl.runtime.data.DataSources;
import dev.nnl.runtime.data.Dataset;
import dev.nnl.runtime.data.Preprocessing;
import dev.nnl.runtime.data.Pretrained;
import dev.nnl.runtime.io.OutputPath;
import dev.nnl.runtime.plan.Plan;
import dev.nnl.runtime.tensor.ParamStore;
import dev.nnl.runtime.train.Optimizer;
import dev.nnl.runtime.train.Trainer;
import dev.nnl.runtime.train.TrainingListener;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * One training run, behind {@link CompiledModel#fit} and {@code nnlc train}: load and check the
 * data, build the plan, initialize (or resume from an artifact), train, and write the artifact
 * after every epoch, on a stop request, and at the end. {@link #prepare} is the run's starting
 * point alone, which {@code nnlc compile} saves.
 */
final class TrainJob {
    private final Compilation compilation;
    private final ModelIR model;
    private final TrainConfig config;
    private final FitOptions options;
    private final Path base;
    private final DataParallel parallel;
    private final RunData data;

    TrainJob(Compilation compilation, ModelIR model, TrainConfig config, FitOptions options) {
        this(compilation, model, config, options, null);
    }

    /** A run whose epochs' steps run on {@code parallel} (null: in this process). */
    TrainJob(Compilation compilation, ModelIR model, TrainConfig config, FitOptions options, DataParallel parallel) {
        this.parallel = parallel;
        this.compilation = compilation;
        this.model = model;
        this.config = config;
        this.options = options;
        this.base = baseDir(compilation.file());
        this.data = new RunData(model, config, options, base);
    }

    /**
     * Trains on the data the train block (or {@link FitOptions#data}) names, then evaluates its
     * test_data, else its test split if it has one.
     */
    FitResult run(TrainingListener listener, AtomicBoolean stop) throws NnlException, IOException {
        checkOutput();
        Artifact resumed = startFrom();
        if (parallel != null) {
            return runParallel(resumed, listener, stop);
        }
        RunData.Inputs in = data.load(resumed == null ? null : resumed.meta.preprocessing);
        FitResult r = train(resumed, in, listener, stop, null);
        if (in.test() != null) {
            return new FitResult(r.model(), r.history(), r.model().evaluate(in.test()), r.trainSamples(), r.validationSamples());
        }
        Dataset testSplit = data.testSplit(in.prep(), in.source());
        return testSplit == null ? r
                : new FitResult(r.model(), r.history(), r.model().evaluate(testSplit), r.trainSamples(), r.validationSamples());
    }

    /**
     * A run whose workers read the data: this process reads none of it, and learns its sizes,
     * preprocessing and warnings from them, and its validation and test scores.
     */
    private FitResult runParallel(Artifact resumed, TrainingListener listener, AtomicBoolean stop) throws NnlException, IOException {
        DataParallel.DataInfo info = RemoteSteps.call(() -> parallel.open(resumed == null ? null : resumed.meta.preprocessing));
        return train(resumed, new RunData.Inputs(null, null, null, info.preprocessing(), data.name(), info.warnings()), listener, stop, info);
    }

    /** Trains on data in memory, split for validation as the train block says. */
    FitResult run(Dataset data, TrainingListener listener, AtomicBoolean stop) throws NnlException, IOException {
        checkOutput();
        Artifact resumed = startFrom();
        Dataset all = DataSources.fit(data, model, config.loss().name(), Artifact.ARRAYS);
        Preprocessing prep = resumed == null ? null : resumed.meta.preprocessing;
        return train(resumed, this.data.split(all, null, null, prep, Artifact.ARRAYS, List.of()), listener, stop, null);
    }

    /**
     * The state a run starts from: weights initialized from the seed (and pretrained vectors),
     * and the preprocessing (scale, vocabulary, label names) read from the train block's data,
     * which {@code eval} and {@code predict} reuse. A model without a train block gets weights only,
     * and so does {@code readData=false} (pretrained embeddings then stay randomly initialized).
     */
    TrainedModel prepare(boolean readData) throws NnlException {
        MemoryBudget.require(model, MemoryEstimate.initialization(model), "initializing it", 1);
        Preprocessing prep = null;
        if (readData && config != null && (config.data() != null || options.data() != null)) {
            prep = data.load(null).prep();
        }
        long seed = seed(null);
        Plan plan = new Plan(model, DataType.FLOAT);
        plan.initialize(seed);
        if (readData) {
            loadPretrained(plan, prep);
        }
        Optimizer optimizer = config == null ? null : new Optimizer(config.optimizer());
        Artifact a = artifact(plan, optimizer, new Trainer.State(), prep, data.name(), seed, epochs(null), batchSize(null), false);
        return new TrainedModel(a, compilation, model, plan);
    }

    /**
     * The files a run reads: the source and its imports, the data the train block (or
     * {@link FitOptions#data}) names, pretrained vectors, and {@link FitOptions#resume}. Entries
     * may be null (a source read from standard input).
     */
    List<Path> inputFiles() {
        List<Path> files = sourcesAndData();
        files.add(options.resume());
        return files;
    }

    private List<Path> sourcesAndData() {
        List<Path> files = new ArrayList<>();
        files.add(compilation.file().path());
        compilation.imported().forEach(f -> files.add(f.path()));
        if (config != null) {
            data.files(files);
        }
        for (LayerNode n : model.layers()) {
            if (n.args().get("embeddings") instanceof Value.Call call && !call.positional().isEmpty()
                    && call.positional().get(0) instanceof Value.Str path) {
                files.add(base.resolve(path.value()));
            }
        }
        return files;
    }

    /**
     * Refuses an output that is one of the run's inputs or cannot be written, before any data is
     * read: the artifact, and the files of CSVLogger and ModelCheckpoint (those without an
     * {@code {epoch}}-style template, which name a new file each epoch). The artifact of
     * {@link FitOptions#resume} may be the output: it is read whole before training, and
     * continuing a run into its own checkpoint is what {@code nnlc train} suggests after Ctrl-C.
     */
    private void checkOutput() throws NnlException {
        List<Path> inputs = sourcesAndData();
        OutputPath.check(options.output(), inputs);
        for (TrainConfig.Configured c : config.callbacks()) {
            for (String arg : List.of("filename", "filepath")) {
                if (c.args().get(arg) instanceof String file && !file.contains("{")) {
                    OutputPath.check(Path.of(file), inputs);
                }
            }
        }
    }

    /**
     * Where a run starts: the artifact it resumes (null when it starts afresh), once the run is
     * known to fit in memory at its batch size; checked before the data or any weight is allocated.
     */
    private Artifact startFrom() throws NnlException {
        if (options.resume() == null) {
            requireMemory(batchSize(null));
            return null;
        }
        try (ArtifactReader r = ArtifactReader.open(options.resume())) {
            Artifact a = r.header();
            requireMemory(batchSize(a));
            TrainedModel.checkFits(new Plan(model, DataType.FLOAT), a, options.resume());
            r.readArrays(a);
            return a;
        }
    }

    private void requireMemory(int batch) throws NnlException {
        MemoryBudget.require(model, MemoryEstimate.training(model, config.optimizer(), batch), "training it at batch size " + batch, batch);
    }

    private long seed(Artifact resumed) {
        return options.seed() != null ? options.seed() : resumed != null ? resumed.meta.seed
                : config != null && config.seed() != null ? config.seed() : System.nanoTime() & 0x7fffffffL;
    }

    private long epochs(Artifact resumed) {
        return options.epochs() != null ? options.epochs() : planned(resumed) ? resumed.meta.epochs
                : config == null ? 0 : config.epochs();
    }

    private int batchSize(Artifact resumed) {
        // 32 is Keras's default batch size, for models without a train block.
        return options.batchSize() != null ? options.batchSize() : planned(resumed) ? resumed.meta.batchSize
                : config == null ? 32 : (int) config.batchSize();
    }

    /**
     * Whether the resumed file carries a run's plan (its epochs and batch size). A file written for
     * a model without a train block (`nnlc import`, `compile` of a bare model) records 0 epochs: the
     * train block of the file being trained plans the run instead.
     */
    private static boolean planned(Artifact resumed) {
        return resumed != null && resumed.meta.epochs > 0;
    }

    /** @param remote what the workers read, when they train (null: this process trains on {@code in}) */
    private FitResult train(Artifact resumed, RunData.Inputs in, TrainingListener listener, AtomicBoolean stop, DataParallel.DataInfo remote)
            throws NnlException, IOException {
        if (options.threads() != null) {
            Threads.set(options.threads());
        }
        List<String> warnings = new ArrayList<>(in.warnings());
        if (remote == null) {
            warnings.addAll(data.labelWarnings(in));
        }
        for (String w : warnings) {
            listener.onMessage("warning: " + w);
        }
        long seed = seed(resumed);
        long epochs = epochs(resumed);
        int batchSize = batchSize(resumed);
        Plan plan = new Plan(model, DataType.FLOAT);
        Optimizer optimizer = new Optimizer(config.optimizer());
        Trainer.State state = new Trainer.State();
        if (resumed != null) {
            TrainedModel.loadWeights(plan, resumed);
            optimizer.restore(resumed.meta.iterations, resumed.meta.learningRate, resumed.optimizerState);
            state.epoch = resumed.meta.epoch;
            state.step = resumed.meta.step;
            state.history.addAll(resumed.meta.history);
            state.callbackState.putAll(resumed.meta.callbackState);
            state.callbackArrays.putAll(resumed.callbackArrays);
        } else {
            plan.initialize(seed);
            loadPretrained(plan, in.prep());
        }
        Path output = options.output();
        Snapshot snapshot = complete -> artifact(plan, optimizer, state, in.prep(), in.source(), seed, epochs, batchSize, complete);
        if (remote != null && parallel.workers() > Math.min(batchSize, remote.trainSamples())) {
            throw new NnlException(parallel.workers() + " workers are more than " + (batchSize <= remote.trainSamples()
                    ? "the batch size, " + batchSize : "the " + remote.trainSamples() + " training samples")
                    + ": every worker needs a sample of each batch; use --workers " + Math.min(batchSize, remote.trainSamples())
                    + " or fewer", false);
        }
        Trainer trainer = new Trainer(plan, config, optimizer, seed, epochs, batchSize, stop,
                remote == null ? null : new RemoteSteps(parallel, remote, plan, optimizer, seed, batchSize));
        try {
            trainer.fit(in.train(), in.validation(), state, new EpochSaver(listener, () -> write(snapshot, output)),
                    (path, s) -> snapshot.take(false).save(Path.of(path)));
        } catch (Trainer.Stopped e) {
            write(snapshot, output);
            throw e;
        } catch (NnlException | IOException | RuntimeException e) {
            // NnlException: a data-parallel run's error from its workers (DataParallel.epoch).
            throw e;
        } catch (Exception e) {
            // Only the callbacks' checkpoint writes and the workers throw other checked exceptions.
            if (remote != null) {
                throw RemoteSteps.failure(e);
            }
            throw new IOException(e.getMessage(), e);
        }
        Artifact done = snapshot.take(true);
        if (output != null) {
            done.save(output);
        }
        // The workers evaluate the test data of a distributed run; this process has none.
        Map<String, Double> test = remote != null && remote.testSamples() > 0 ? RemoteSteps.test(parallel, plan, config) : null;
        return new FitResult(new TrainedModel(done, compilation, model, plan), state.history, test,
                remote != null ? remote.trainSamples() : in.train().size(),
                remote != null ? remote.validationSamples() : in.validation() == null ? 0 : in.validation().size());
    }

    /** Saves a resumable checkpoint; without an output file, builds none (that copies every weight). */
    private static void write(Snapshot snapshot, Path output) throws IOException {
        if (output != null) {
            snapshot.take(false).save(output);
        }
    }

    /** The artifact of this run as it stands. */
    private interface Snapshot {
        Artifact take(boolean complete);
    }

    private Artifact artifact(Plan plan, Optimizer optimizer, Trainer.State state, Preprocessing prep, String data, long seed,
                              long epochs, int batchSize, boolean complete) {
        Artifact a = new Artifact();
        a.meta.createdBy = "nnlc";
        a.meta.model = model.name();
        a.meta.sourceFile = fileName(compilation.file());
        a.meta.sourceDir = base.toString();
        a.sources.put(a.meta.sourceFile, compilation.file().text());
        Path mainDir = compilation.file().path() == null ? null : compilation.file().path().toAbsolutePath().getParent();
        for (SourceFile f : compilation.imported()) {
            String name = mainDir != null && f.path() != null ? mainDir.relativize(f.path().toAbsolutePath()).toString() : f.name();
            a.sources.put(name, f.text());
        }
        for (ParamStore.Slot s : plan.store().slots()) {
            a.meta.weights.add(new Artifact.WeightEntry(s.layer(), s.weight().name(), s.weight().shape().dims(), s.weight().trainable()));
        }
        a.weights = new float[plan.store().size()];
        for (int i = 0; i < a.weights.length; i++) {
            a.weights[i] = (float) plan.store().params().get(i);
        }
        a.meta.seed = seed;
        a.meta.epochs = epochs;
        a.meta.batchSize = batchSize;
        a.meta.epoch = state.epoch;
        a.meta.step = state.step;
        a.meta.complete = complete;
        a.meta.history.addAll(state.history);
        a.meta.callbackState.putAll(state.callbackState);
        a.callbackArrays.putAll(state.callbackArrays);
        if (optimizer != null) {
            a.meta.optimizer = optimizer.name();
            a.meta.learningRate = optimizer.learningRate();
            a.meta.iterations = optimizer.iterations();
            a.optimizerState.putAll(optimizer.state());
        }
        a.meta.preprocessing = prep;
        a.meta.data = data;
        return a;
    }

    private void loadPretrained(Plan plan, Preprocessing prep) throws DataException {
        for (LayerNode n : model.layers()) {
            if (!n.className().equals("Embedding") || n.args().get("embeddings") == null) {
                continue;
            }
            Value.Call call = (Value.Call) n.args().get("embeddings");
            if (call.positional().isEmpty() || !(call.positional().get(0) instanceof Value.Str path)) {
                throw DataException.input("pretrained(…) needs a file path, e.g. pretrained(\"vectors.txt\")");
            }
            if (prep == null || prep.vocabulary().isEmpty()) {
                throw DataException.input("Embedding `" + n.name() + "` uses pretrained vectors, which need a text(…) data source for the vocabulary");
            }
            Pretrained.load(base.resolve(path.value()), prep.vocabulary(), plan.store().slot(n.name(), "embeddings").value(), n.name());
        }
    }

    static Path baseDir(SourceFile f) {
        return f.path() == null ? Path.of("") : f.path().toAbsolutePath().getParent();
    }

    private static String fileName(SourceFile f) {
        return f.path() == null ? "model.nnl" : f.path().getFileName().toString();
    }
}
