package dev.nnl.cli;

import com.google.gson.GsonBuilder;
import dev.nnl.runtime.Evaluation;
import dev.nnl.runtime.NnlException;
import dev.nnl.runtime.TrainedModel;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code nnlc eval}: loss and metrics of a trained model on held-out data ({@link TrainedModel#evaluate}). */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Evaluate a trained model: the train block's test_data, the test split of an MNIST-style directory, "
                + "the validation part of the training data, or --data.")
public final class EvalCommand implements Callable<Integer> {
    @Parameters(paramLabel = "MODEL", arity = "1", description = "The .nnlz file written by `nnlc train`.")
    Path artifact;

    @Option(names = "--data", paramLabel = "PATH", description = "Evaluate on this data (same format as for training).")
    String data;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text", description = "text or json.")
    ReportFormat format;

    @Mixin
    ThreadsOption threads;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws NnlException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        threads.apply();
        TrainedModel m = TrainedModel.load(artifact);
        Evaluation e = m.evaluate(data, Warnings.to(err));
        if (e.source() == Evaluation.Source.TRAINING_DATA) {
            err.println("note: the model has no held-out data, so this is how it does on the data it was trained on; "
                    + "pass --data to evaluate on other data");
        }
        if (format == ReportFormat.JSON) {
            Map<String, Object> o = new LinkedHashMap<>(e.scores());
            o.put("samples", e.samples());
            out.println(new GsonBuilder().serializeSpecialFloatingPointValues().create().toJson(o));
        } else {
            out.printf("%s on %,d samples (%s): %s%n", m.name(), e.samples(), e.source().description(), ConsoleProgress.format(e.scores()));
        }
        out.flush();
        return ExitCode.OK;
    }
}
