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
import dev.nnl.runtime.data.LabelClasses;
import dev.nnl.runtime.data.Loaded;
import dev.nnl.runtime.data.Preprocessing;
import dev.nnl.runtime.data.Pretrained;
import dev.nnl.runtime.io.OutputPath;
import dev.nnl.runtime.plan.Plan;
import dev.nnl.runtime.tensor.Floats;
import dev.nnl.runtime.tensor.ParamStore;
import dev.nnl.runtime.train.Optimizer;
import dev.nnl.runtime.train.Trainer;
import dev.nnl.runtime.train.TrainingListener;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
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
    /**
     * The data of a run and what prepared it.
     *
     * @param test the train block's test_data, or null
     * @param warnings how the files were read, for the listener
     */
    private record Inputs(Dataset train, Dataset validation, Dataset test, Preprocessing prep, String source, List<String> warnings) {
    }

    private final Compilation compilation;
    private final ModelIR model;
    private final TrainConfig config;
    private final FitOptions options;
    private final Path base;
    private final DataParallel parallel;

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
    }

    /**
     * Trains on the data the train block (or {@link FitOptions#data}) names, then evaluates its
     * test_data, else its test split if it has one.
     */
    FitResult run(TrainingListener listener, AtomicBoolean stop) throws NnlException, IOException {
        checkOutput();
        Artifact resumed = startFrom();
        Inputs in = loadData(resumed == null ? null : resumed.meta.preprocessing);
        FitResult r = train(resumed, in, listener, stop);
        if (in.test() != null) {
            return new FitResult(r.model(), r.history(), r.model().evaluate(in.test()), r.trainSamples(), r.validationSamples());
        }
        if (DataSources.hasTestSplit(config.data(), options.data(), base)) {
            Loaded t = DataSources.load(config.data(), options.data(), base, false, in.prep());
            Dataset testData = DataSources.fit(t.data(), model, config.loss().name(), in.source() + " (test split)");
            return new FitResult(r.model(), r.history(), r.model().evaluate(testData), r.trainSamples(), r.validationSamples());
        }
        return r;
    }

    /** Trains on data in memory, split for validation as the train block says. */
    FitResult run(Dataset data, TrainingListener listener, AtomicBoolean stop) throws NnlException, IOException {
        checkOutput();
        Artifact resumed = startFrom();
        Dataset all = DataSources.fit(data, model, config.loss().name(), Artifact.ARRAYS);
        Preprocessing prep = resumed == null ? null : resumed.meta.preprocessing;
        return train(resumed, split(all, null, null, prep, Artifact.ARRAYS, List.of()), listener, stop);
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
            prep = loadData(null).prep();
        }
        long seed = seed(null);
        Plan plan = new Plan(model, DataType.FLOAT);
        plan.initialize(seed);
        if (readData) {
            loadPretrained(plan, prep);
        }
        Optimizer optimizer = config == null ? null : new Optimizer(config.optimizer());
        Artifact a = artifact(plan, optimizer, new Trainer.State(), prep, dataName(), seed, epochs(null), batchSize(null), false);
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
            dataFiles(config.data(), files);
            dataFiles(config.validationData(), files);
            dataFiles(config.testData(), files);
        }
        if (options.data() != null) {
            files.add(Path.of(options.data()));
        }
        for (LayerNode n : model.layers()) {
            if (n.args().get("embeddings") instanceof Value.Call call && !call.positional().isEmpty()
                    && call.positional().get(0) instanceof Value.Str path) {
                files.add(base.resolve(path.value()));
            }
        }
        return files;
    }

    private void dataFiles(TrainConfig.Configured source, List<Path> into) {
        if (source == null) {
            return;
        }
        // The path arguments of idx(path, labels), csv(path), npy(x, y) and text(path); x may be a list.
        for (String arg : List.of("path", "labels", "x", "y")) {
            Object v = source.args().get(arg);
            for (Object o : v instanceof List<?> l ? l : Collections.singletonList(v)) {
                if (o instanceof String s) {
                    into.add(base.resolve(s));
                }
            }
        }
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

    /**
     * Loads the training data, then its validation_data and test_data prepared as the training
     * data was (same columns by name, means, deviations and label names). The test data is read
     * before training so a problem with it shows before the time is spent.
     */
    private Inputs loadData(Preprocessing known) throws DataException {
        Loaded loaded = DataSources.load(config.data(), options.data(), base, true, known);
        String source = dataName();
        List<String> warnings = new ArrayList<>(loaded.warnings());
        Dataset all = DataSources.fit(loaded, model, config.loss().name(), source);
        Dataset validation = config.validationData() == null ? null : loadHeldOut(config.validationData(), true, loaded.prep(), warnings);
        Dataset test = config.testData() == null ? null : loadHeldOut(config.testData(), false, loaded.prep(), warnings);
        return split(all, validation, test, loaded.prep(), source, warnings);
    }

    /** @param train false for test_data: an MNIST-style directory then gives its test split, as eval does */
    private Dataset loadHeldOut(TrainConfig.Configured source, boolean train, Preprocessing prep, List<String> warnings)
            throws DataException {
        Loaded l = DataSources.load(source, null, base, train, prep);
        warnings.addAll(l.warnings());
        return DataSources.fit(l, model, config.loss().name(), describe(source));
    }

    /** What the run trains on, as messages and the artifact name it: --data, or the train block's source. */
    private String dataName() {
        return options.data() != null ? options.data() : config == null ? null : describe(config.data());
    }

    /**
     * The samples a run trains on, without validation_split's held-out part: what a
     * {@link Replica} reads. Preprocessing comes from the data as for a fresh run, which gives
     * what a resumed run's artifact recorded for the same data.
     */
    Dataset trainingData() throws DataException {
        Loaded loaded = DataSources.load(config.data(), options.data(), base, true, null);
        Dataset all = DataSources.fit(loaded, model, config.loss().name(), dataName());
        if (config.validationData() == null && config.validationSplit() > 0) {
            return all.slice(0, all.validationStart(config.validationSplit()));
        }
        return all;
    }

    /** Keras's validation_split: the last fraction of the data, taken before shuffling. */
    private Inputs split(Dataset all, Dataset validation, Dataset test, Preprocessing prep, String source, List<String> warnings) {
        if (validation == null && config.validationSplit() > 0) {
            int splitAt = all.validationStart(config.validationSplit());
            return new Inputs(all.slice(0, splitAt), all.slice(splitAt, all.size()), test, prep, source, warnings);
        }
        return new Inputs(all, validation, test, prep, source, warnings);
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

    private FitResult train(Artifact resumed, Inputs in, TrainingListener listener, AtomicBoolean stop) throws NnlException, IOException {
        if (options.threads() != null) {
            Threads.set(options.threads());
        }
        List<String> warnings = new ArrayList<>(in.warnings());
        warnings.addAll(LabelClasses.check(in.train(), in.validation(), config.loss().name(),
                in.prep() == null ? List.of() : in.prep().labelNames(), config.validationData() == null, in.source()));
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
        Trainer trainer = new Trainer(plan, config, optimizer, seed, epochs, batchSize, stop,
                parallel == null ? null : remoteSteps(plan, optimizer, seed, batchSize));
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
            throw new IOException(e.getMessage(), e);
        }
        Artifact done = snapshot.take(true);
        if (output != null) {
            done.save(output);
        }
        return new FitResult(new TrainedModel(done, compilation, model, plan), state.history, null, in.train().size(),
                in.validation() == null ? 0 : in.validation().size());
    }

    /** The epochs' steps on {@link #parallel}, moving the weights and optimizer state there and back. */
    private Trainer.Steps remoteSteps(Plan plan, Optimizer optimizer, long seed, int batchSize) {
        return (epoch, firstStep, metrics, progress) -> {
            float[] weights = new float[plan.store().size()];
            Floats.get(plan.store().params(), weights);
            DataParallel.EpochEnd end = parallel.epoch(new DataParallel.EpochStart(epoch, firstStep, seed, batchSize, weights,
                    optimizer.iterations(), optimizer.learningRate(), optimizer.state()),
                    p -> progress.done(p.step(), p.lossSum(), p.samples(), p.metricCounts()));
            Floats.write(end.weights(), plan.store().params());
            optimizer.restore(end.iterations(), optimizer.learningRate(), end.optimizerState());
            for (int i = 0; i < metrics.size(); i++) {
                metrics.get(i).add(end.metricCounts().get(i));
            }
            return new Trainer.Outcome(end.lossSum(), end.samples(), end.diverged());
        };
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

    /** Saves after each epoch, so a crash or a NaN later never loses a finished epoch. */
    private static final class EpochSaver implements TrainingListener {
        interface Save {
            void run() throws IOException;
        }

        private final TrainingListener inner;
        private final Save save;

        EpochSaver(TrainingListener inner, Save save) {
            this.inner = inner;
            this.save = save;
        }

        @Override
        public void onTrainBegin(int epochs, int steps, int samples) {
            inner.onTrainBegin(epochs, steps, samples);
        }

        @Override
        public void onEpochBegin(int epoch, int epochs) {
            inner.onEpochBegin(epoch, epochs);
        }

        @Override
        public void onBatchEnd(int epoch, int step, Map<String, Double> logs) {
            inner.onBatchEnd(epoch, step, logs);
        }

        @Override
        public void onEpochEnd(int epoch, Map<String, Double> logs) {
            try {
                save.run();
            } catch (IOException e) {
                // Keep the reason as the message ("permission denied"): callers print it, not the class.
                throw new java.io.UncheckedIOException(e.getMessage(), e);
            }
            inner.onEpochEnd(epoch, logs);
        }

        @Override
        public void onMessage(String message) {
            inner.onMessage(message);
        }
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

    static String describe(TrainConfig.Configured data) {
        if (data == null) {
            return "(none)";
        }
        Object p = data.args().get(data.name().equals("npy") ? "x" : "path");
        return data.name() + "(" + (p instanceof List<?> l ? l.toString() : "\"" + p + "\"") + ")";
    }
}
