package dev.nnl.runtime;

import dev.nnl.compiler.Compilation;
import dev.nnl.compiler.ir.LayerNode;
import dev.nnl.compiler.ir.ModelIR;
import dev.nnl.compiler.source.SourceFile;
import dev.nnl.compiler.train.TrainConfig;
import dev.nnl.compiler.value.Value;
import dev.nnl.runtime.artifact.Artifact;
import dev.nnl.runtime.artifact.ArtifactException;
import dev.nnl.runtime.data.DataException;
import dev.nnl.runtime.data.DataSources;
import dev.nnl.runtime.data.Dataset;
import dev.nnl.runtime.data.Loaded;
import dev.nnl.runtime.data.Pretrained;
import dev.nnl.runtime.data.Preprocessing;
import dev.nnl.runtime.plan.ParamStore;
import dev.nnl.runtime.plan.Plan;
import dev.nnl.runtime.train.Optimizer;
import dev.nnl.runtime.train.Trainer;
import dev.nnl.runtime.train.TrainingListener;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * One {@code nnlc train} run: load and check the data, build the plan, initialize (or resume
 * from an artifact), train, and write the artifact after every epoch, on Ctrl-C, and at the end.
 */
public final class TrainJob {
    /** Command-line overrides of the train block; null fields keep the block's values. */
    public record Options(String data, Long epochs, Integer batchSize, Long seed, Integer threads, Path output, Path resume) {
    }

    /** The finished run: the artifact written, the history, and test metrics when the data has a test split. */
    public record Result(Path artifact, List<Map<String, Double>> history, Map<String, Double> test, int trainSamples,
                         int validationSamples) {
    }

    private final Compilation compilation;
    private final ModelIR model;
    private final TrainConfig config;
    private final Options options;

    public TrainJob(Compilation compilation, ModelIR model, TrainConfig config, Options options) {
        this.compilation = compilation;
        this.model = model;
        this.config = config;
        this.options = options;
    }

    public Result run(TrainingListener listener, AtomicBoolean stop) throws DataException, ArtifactException, IOException {
        if (options.threads() != null) {
            Threads.set(options.threads());
        }
        Artifact resumed = options.resume() == null ? null : Artifact.load(options.resume());
        if (resumed != null) {
            checkSameModel(resumed, options.resume());
        }
        Path base = baseDir(compilation.file());
        Loaded loaded = DataSources.load(config.data(), options.data(), base, true, resumed == null ? null : resumed.meta.preprocessing);
        String source = options.data() != null ? options.data() : describe(config.data());
        Dataset all = DataSources.fit(loaded.data(), model, config.loss().name(), source);
        Dataset train = all;
        Dataset validation = null;
        if (config.validationData() != null) {
            Loaded v = DataSources.load(config.validationData(), null, base, true, loaded.prep());
            validation = DataSources.fit(v.data(), model, config.loss().name(), describe(config.validationData()));
        } else if (config.validationSplit() > 0) {
            // Keras: the last fraction of the data, taken before shuffling.
            int splitAt = (int) (all.size() * (1 - config.validationSplit()));
            train = all.slice(0, splitAt);
            validation = all.slice(splitAt, all.size());
        }

        long seed = options.seed() != null ? options.seed() : resumed != null ? resumed.meta.seed
                : config.seed() != null ? config.seed() : System.nanoTime() & 0x7fffffffL;
        long epochs = options.epochs() != null ? options.epochs() : resumed != null ? resumed.meta.epochs : config.epochs();
        int batchSize = options.batchSize() != null ? options.batchSize()
                : resumed != null ? resumed.meta.batchSize : (int) config.batchSize();

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
            loadPretrained(plan, loaded.prep(), base);
        }
        Path output = options.output();
        Trainer trainer = new Trainer(plan, config, optimizer, seed, epochs, batchSize, stop);
        Snapshot snapshot = (path, complete) -> save(path, plan, optimizer, state, loaded.prep(), seed, epochs, batchSize, complete);
        try {
            trainer.fit(train, validation, state, new EpochSaver(listener, () -> snapshot.write(output, false)),
                    (path, s) -> snapshot.write(Path.of(path), false));
        } catch (Trainer.InterruptedException e) {
            snapshot.write(output, false);
            throw e;
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e.getMessage(), e);
        }
        snapshot.write(output, true);
        Map<String, Double> test = null;
        if (DataSources.hasTestSplit(config.data(), options.data(), base)) {
            Loaded t = DataSources.load(config.data(), options.data(), base, false, loaded.prep());
            Dataset testData = DataSources.fit(t.data(), model, config.loss().name(), source + " (test split)");
            test = trainer.evaluate(testData, "");
        }
        return new Result(output, state.history, test, train.size(), validation == null ? 0 : validation.size());
    }

    /** Writes the artifact of this run as it stands. */
    private interface Snapshot {
        void write(Path path, boolean complete) throws IOException;
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
                throw new java.io.UncheckedIOException(e);
            }
            inner.onEpochEnd(epoch, logs);
        }

        @Override
        public void onMessage(String message) {
            inner.onMessage(message);
        }
    }

    private void save(Path path, Plan plan, Optimizer optimizer, Trainer.State state, Preprocessing prep, long seed,
                      long epochs, int batchSize, boolean complete) throws IOException {
        Artifact a = new Artifact();
        a.meta.createdBy = "nnlc";
        a.meta.model = model.name();
        a.meta.sourceFile = fileName(compilation.file());
        a.meta.sourceDir = baseDir(compilation.file()).toString();
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
        a.meta.optimizer = optimizer.name();
        a.meta.learningRate = optimizer.learningRate();
        a.meta.iterations = optimizer.iterations();
        a.optimizerState.putAll(optimizer.state());
        a.meta.preprocessing = prep;
        a.meta.data = options.data() != null ? options.data() : describe(config.data());
        a.save(path);
    }

    private void checkSameModel(Artifact a, Path file) throws ArtifactException {
        Plan probe = new Plan(model, DataType.FLOAT);
        TrainedModel.checkLayout(probe, a, file);
    }

    private void loadPretrained(Plan plan, Preprocessing prep, Path base) throws DataException {
        for (LayerNode n : model.layers()) {
            if (!n.className().equals("Embedding") || n.args().get("embeddings") == null) {
                continue;
            }
            Value.Call call = (Value.Call) n.args().get("embeddings");
            if (call.positional().isEmpty() || !(call.positional().get(0) instanceof Value.Str path)) {
                throw DataException.input("pretrained(…) needs a file path, e.g. pretrained(\"vectors.txt\")");
            }
            if (prep.vocabulary().isEmpty()) {
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
