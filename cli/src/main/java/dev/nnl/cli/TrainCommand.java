package dev.nnl.cli;

import dev.nnl.compiler.Compilation;
import dev.nnl.compiler.train.TrainConfig;
import dev.nnl.runtime.CompiledModel;
import dev.nnl.runtime.DataParallel;
import dev.nnl.runtime.FitOptions;
import dev.nnl.runtime.FitResult;
import dev.nnl.runtime.NnlException;
import dev.nnl.runtime.OutputFiles;
import dev.nnl.runtime.TrainedModel;
import dev.nnl.runtime.train.Trainer;
import dev.nnl.runtime.train.TrainingListener;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code nnlc train}: train a model on the data its train block (or --data) names. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a model as its `train` block says; flags override the block. Writes an .nnlz artifact after every epoch.")
public final class TrainCommand implements Callable<Integer> {
    /** {@code --log}: how progress is written. */
    enum Log {
        /** One JSON object per epoch on standard output. */
        JSON
    }

    @Parameters(paramLabel = "FILE", arity = "1", description = "The .nnl file.")
    String file;

    @Option(names = "--model", paramLabel = "NAME", description = "The model to train (needed when the file has several).")
    String model;

    @Option(names = "--data", paramLabel = "PATH", description = "Train on this data instead (an MNIST-style directory, .csv, .npy or text file).")
    String data;

    @Option(names = "--epochs", paramLabel = "N", converter = Numbers.PositiveLong.class, description = "Number of epochs.")
    Long epochs;

    @Option(names = "--batch-size", paramLabel = "N", converter = Numbers.Positive.class, description = "Samples per batch.")
    Integer batchSize;

    @Option(names = "--seed", paramLabel = "N", converter = Numbers.Whole.class, description = "Random seed: the same seed and thread count give the same run.")
    Long seed;

    @Mixin
    ThreadsOption threads;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Where to write the model (default: MODEL_FILE_STEM.nnlz).")
    Path output;

    @Option(names = "--resume", paramLabel = "FILE", description = "Continue an interrupted run from its .nnlz.")
    Path resume;

    @Option(names = {"-q", "--quiet"}, description = "Print only errors and the final result.")
    boolean quiet;

    @Option(names = "--log", paramLabel = "FORMAT", description = "json: one JSON object per epoch on standard output.")
    Log log;

    @Option(names = "--spark", paramLabel = "MASTER",
            description = "Train data-parallel on Apache Spark: local[N], spark://HOST:PORT, yarn or k8s://… (docs/distributed.md).")
    String spark;

    @Option(names = "--workers", paramLabel = "N", converter = Numbers.Positive.class,
            description = "With --spark: the number of workers (default: N of local[N]).")
    Integer workers;

    @Option(names = "--plot", paramLabel = "FILE.png", description = "Draw loss and metric curves per epoch into a PNG.")
    Path plot;

    @Option(names = "--report", paramLabel = "OUT.html", description = "Write an HTML report (picture, curves, epochs, settings), rewritten after every epoch.")
    Path reportFile;

    @Mixin
    DiagnosticOptions diagnosticOptions;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws NnlException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ModelInput in = ModelInput.load(file, "<stdin>", model, diagnosticOptions, err);
        if (!in.ok()) {
            return in.exitCode();
        }
        Compilation c = in.compilation();
        String name = in.model().name();
        TrainConfig config = c.trains().get(name);
        if (config == null) {
            err.println("error: model `" + name + "` has no `train` block (it names the loss, optimizer and data)");
            return ExitCode.INPUT;
        }
        if (spark == null && workers != null) {
            err.println("error: --workers goes with --spark");
            return ExitCode.USAGE;
        }
        if (spark != null && (file.equals("-") || workerCount() == null)) {
            err.println(file.equals("-") ? "error: --spark needs the model in a file the workers can read, not standard input"
                    : "error: --spark " + spark + " needs --workers N");
            return ExitCode.USAGE;
        }
        Path target = output != null ? output : DefaultOutput.of(file, ".nnlz");
        AtomicBoolean stop = new AtomicBoolean();
        Interrupts.onInterrupt(stop, err);
        ConsoleProgress progress = new ConsoleProgress(out, err, System.console() != null, quiet, log == Log.JSON);
        FitOptions options = new FitOptions(data, epochs, batchSize, seed, threads.value(), target, resume);
        try {
            CompiledModel compiled = CompiledModel.of(c, in.model());
            List<Path> others = new ArrayList<>(compiled.inputFiles(options));
            others.add(target);
            OutputFiles.check(plot, others);
            OutputFiles.check(reportFile, others);
            Report report = reportFile == null ? null : Report.of(progress, reportFile, compiled,
                    resume == null ? List.of() : TrainedModel.load(resume).history(), seed != null ? seed : config.seed());
            TrainingListener listener = report != null ? report : progress;
            FitResult r = spark == null ? compiled.fit(options, listener, stop) : fitOnSpark(compiled, options, listener, stop);
            if (report != null) {
                report.finish(r.model().seed(), r.model().epochsTrained(), r.test(), confusion(r.model()));
            }
            if (plot != null) {
                Plot.write(r.history(), plot);
            }
            report(r, target, out, err);
            return ExitCode.OK;
        } catch (Trainer.DivergedException e) {
            err.println("error: " + e.getMessage() + ".");
            err.println("  likely causes: a learning rate too high for this model (try 10x smaller), inputs on a large scale "
                    + "(scale pixels with scale=1/255, standardize CSV features), or labels that do not fit the loss.");
            err.println(e.epoch > 0 ? "  the model after epoch " + e.epoch + " is saved in " + target
                    : "  no epoch finished, so nothing was saved.");
            return ExitCode.INPUT;
        } catch (Trainer.Stopped e) {
            err.println("interrupted: saved a resumable checkpoint to " + target + "; continue with `nnlc train " + file
                    + " --resume " + target + "`");
            return ExitCode.INTERRUPTED;
        } catch (IOException | UncheckedIOException e) {
            throw Failures.cannotWrite(target, e);
        }
    }

    /**
     * Trains with each epoch's steps on Spark workers. The Spark module is found through
     * {@link ServiceLoader}, so without --spark no Spark class is ever loaded.
     */
    private FitResult fitOnSpark(CompiledModel compiled, FitOptions options, TrainingListener progress, AtomicBoolean stop)
            throws NnlException, IOException {
        DataParallel.Provider provider = ServiceLoader.load(DataParallel.Provider.class).findFirst()
                .orElseThrow(() -> new NnlException("--spark needs the nnl-spark module on the class path "
                        + "(the ./nnlc launcher adds spark/target when --spark is given; build it with mvn package)", false));
        try (DataParallel cluster = provider.start(spark, workerCount(), Path.of(file), model, data, threads.value(), progress)) {
            return compiled.fit(options, progress, stop, cluster);
        }
    }

    /** The report's confusion matrix, made here only when this process can read the run's evaluation data. */
    private Report.Confusion confusion(TrainedModel trained) {
        if (spark != null) {
            return new Report.Confusion(null, "not shown: a distributed run's data is read by its workers, not by this process");
        }
        return data == null ? Report.confusion(trained, null)
                : new Report.Confusion(null, "not shown: the run trained on --data, so the train block's evaluation data is not the run's");
    }

    /** --workers, else N of local[N] (every processor for local[*]), else null. */
    private Integer workerCount() {
        if (workers != null) {
            return workers;
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("local\\[(\\d+|\\*)(,\\d+)?]").matcher(spark);
        if (m.matches()) {
            return m.group(1).equals("*") ? Runtime.getRuntime().availableProcessors() : Integer.valueOf(m.group(1));
        }
        return spark.equals("local") ? 1 : null;
    }

    private void report(FitResult r, Path target, PrintWriter out, PrintWriter err) {
        if (!r.history().isEmpty() && !quiet && log == null) {
            err.println("Saved " + target);
        }
        if (r.test() != null) {
            String line = "Test: " + ConsoleProgress.format(r.test());
            if (log != null) {
                out.println(new com.google.gson.Gson().toJson(Map.of("test", r.test())));
            } else {
                out.println(line);
            }
        } else if (log == null && !r.history().isEmpty()) {
            out.println("Final: " + ConsoleProgress.format(r.history().get(r.history().size() - 1)));
        }
        out.flush();
        err.flush();
    }
}
