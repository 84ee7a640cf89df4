package dev.nnl.cli;

import com.google.gson.GsonBuilder;
import dev.nnl.compiler.train.TrainConfig;
import dev.nnl.runtime.TrainedModel;
import dev.nnl.runtime.NnlException;
import dev.nnl.runtime.data.DataSources;
import dev.nnl.runtime.data.Dataset;
import dev.nnl.runtime.data.Loaded;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code nnlc eval}: loss and metrics of a trained model on held-out data. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Evaluate a trained model: the train block's test_data, the test split of an MNIST-style directory, "
                + "the validation part of the training data, or --data.")
public final class EvalCommand implements Callable<Integer> {
    @Parameters(paramLabel = "MODEL", arity = "1", description = "The .nnlz file written by `nnlc train`.")
    Path artifact;

    @Option(names = "--data", paramLabel = "PATH", description = "Evaluate on this data (same format as for training).")
    String data;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text", description = "text or json.")
    String format;

    @Option(names = "--threads", paramLabel = "N", converter = Numbers.Positive.class, description = "Threads for the math.")
    Integer threads;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String bad = Choices.problem("--format", format, "text", "json");
        if (bad != null) {
            err.println("error: " + bad);
            return ExitCode.USAGE;
        }
        try {
            if (threads != null) {
                dev.nnl.runtime.Threads.set(threads);
            }
            TrainedModel m = TrainedModel.load(artifact);
            TrainConfig cfg = m.trainConfig();
            if (cfg == null) {
                err.println("error: model `" + m.name() + "` has no `train` block, which names the loss and metrics to evaluate");
                return ExitCode.INPUT;
            }
            Path base = m.ownDataFolder();
            if (data == null && base == null) {
                err.println("error: " + artifact + ": its .nnl source is not where it was trained, or has changed since, so eval "
                        + "does not read the data its train block names (an artifact may name any file); pass --data PATH");
                return ExitCode.INPUT;
            }
            if (base == null) {
                base = Path.of("");
            }
            boolean testData = data == null && cfg.testData() != null;
            boolean testSplit = !testData && DataSources.hasTestSplit(cfg.data(), data, base);
            Loaded loaded = testData ? DataSources.load(cfg.testData(), null, base, false, m.preprocessing())
                    : DataSources.load(cfg.data(), data, base, !testSplit, m.preprocessing());
            RuntimeErrors.warn(loaded.warnings(), err);
            Dataset d = DataSources.fit(loaded, m.model(), cfg.loss().name(), data != null ? data : testData ? "test_data" : "the training data");
            String which = testData ? "test_data" : testSplit ? "test split" : "all of --data";
            if (data == null && !testSplit && !testData) {
                if (cfg.validationSplit() > 0) {
                    d = d.slice((int) (d.size() * (1 - cfg.validationSplit())), d.size());
                    which = "validation part of the training data";
                } else {
                    which = "training data";
                    err.println("note: the model has no held-out data, so this is how it does on the data it was trained on; "
                            + "pass --data to evaluate on other data");
                }
            }
            if (d.labels() == null) {
                err.println("error: the evaluation data has no labels");
                return ExitCode.INPUT;
            }
            Map<String, Double> result = m.evaluate(d);
            if (format.equals("json")) {
                Map<String, Object> o = new LinkedHashMap<>(result);
                o.put("samples", d.size());
                out.println(new GsonBuilder().serializeSpecialFloatingPointValues().create().toJson(o));
            } else {
                out.printf("%s on %,d samples (%s): %s%n", m.model().name(), d.size(), which, ConsoleProgress.format(result));
            }
            out.flush();
            return ExitCode.OK;
        } catch (NnlException e) {
            return RuntimeErrors.report(e, err);
        }
    }
}
