package dev.nnl.runtime;

import dev.nnl.compiler.ir.ModelIR;
import dev.nnl.compiler.train.TrainConfig;
import dev.nnl.runtime.data.DataException;
import dev.nnl.runtime.data.DataSources;
import dev.nnl.runtime.data.Dataset;
import dev.nnl.runtime.data.LabelClasses;
import dev.nnl.runtime.data.Loaded;
import dev.nnl.runtime.data.Preprocessing;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What a training run ({@link TrainJob}) reads: the data its train block (or
 * {@link FitOptions#data}) names, split into training, validation and test parts as Keras splits
 * them, and the files behind them.
 */
final class RunData {
    /**
     * A run's data, split, and what prepared it; on a data-parallel run's driver only prep,
     * source and warnings (the workers hold the rest).
     *
     * @param test the train block's test_data (or, on a worker, the data's test split), or null
     * @param warnings how the files were read, for the listener
     */
    record Inputs(Dataset train, Dataset validation, Dataset test, Preprocessing prep, String source, List<String> warnings) {
    }

    private final ModelIR model;
    private final TrainConfig config;
    private final FitOptions options;
    private final Path base;

    RunData(ModelIR model, TrainConfig config, FitOptions options, Path base) {
        this.model = model;
        this.config = config;
        this.options = options;
        this.base = base;
    }

    /**
     * Loads the training data, then its validation_data and test_data prepared as the training
     * data was (same columns by name, means, deviations and label names). The test data is read
     * before training so a problem with it shows before the time is spent.
     */
    Inputs load(Preprocessing known) throws DataException {
        Loaded loaded = DataSources.load(config.data(), options.data(), base, true, known);
        String source = name();
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
    String name() {
        return options.data() != null ? options.data() : config == null ? null : describe(config.data());
    }

    /** Keras's validation_split: the last fraction of the data, taken before shuffling. */
    Inputs split(Dataset all, Dataset validation, Dataset test, Preprocessing prep, String source, List<String> warnings) {
        if (validation == null && config.validationSplit() > 0) {
            int splitAt = all.validationStart(config.validationSplit());
            return new Inputs(all.slice(0, splitAt), all.slice(splitAt, all.size()), test, prep, source, warnings);
        }
        return new Inputs(all, validation, test, prep, source, warnings);
    }

    /** The data's own test split (an MNIST-style directory's t10k files), or null when it has none. */
    Dataset testSplit(Preprocessing prep, String source) throws DataException {
        if (!DataSources.hasTestSplit(config.data(), options.data(), base)) {
            return null;
        }
        Loaded t = DataSources.load(config.data(), options.data(), base, false, prep);
        return DataSources.fit(t.data(), model, config.loss().name(), source + " (test split)");
    }

    /**
     * What a data-parallel worker ({@link Replica}) holds: the run's data split as a single
     * process splits it, with the test split when there is no test_data, and the warnings a single
     * process gives about it.
     */
    Inputs workerInputs(Preprocessing known) throws DataException {
        Inputs in = load(known);
        List<String> warnings = new ArrayList<>(in.warnings());
        warnings.addAll(labelWarnings(in));
        Dataset test = in.test() != null ? in.test() : testSplit(in.prep(), in.source());
        return new Inputs(in.train(), in.validation(), test, in.prep(), in.source(), warnings);
    }

    List<String> labelWarnings(Inputs in) throws DataException {
        return LabelClasses.check(in.train(), in.validation(), config.loss().name(),
                in.prep() == null ? List.of() : in.prep().labelNames(), config.validationData() == null, in.source());
    }

    /** Adds the data files the train block and {@link FitOptions#data} name to {@code into}. */
    void files(List<Path> into) {
        files(config.data(), into);
        files(config.validationData(), into);
        files(config.testData(), into);
        if (options.data() != null) {
            into.add(Path.of(options.data()));
        }
    }

    private void files(TrainConfig.Configured source, List<Path> into) {
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

    /** A data source as messages and artifacts name it: {@code idx("data/fashion-mnist")}. */
    static String describe(TrainConfig.Configured data) {
        if (data == null) {
            return "(none)";
        }
        Object p = data.args().get(data.name().equals("npy") ? "x" : "path");
        return data.name() + "(" + (p instanceof List<?> l ? l.toString() : "\"" + p + "\"") + ")";
    }
}
