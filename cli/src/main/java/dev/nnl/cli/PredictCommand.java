package dev.nnl.cli;

import dev.nnl.runtime.NnlException;
import dev.nnl.runtime.OutputFiles;
import dev.nnl.runtime.Predictions;
import dev.nnl.runtime.TrainedModel;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code nnlc predict}: run a trained model on new inputs ({@link TrainedModel#predictions}). */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = "Predict with a trained model. INPUT is a .csv (feature columns), .npy, IDX file or directory, "
                + "or text lines for text models. Writes CSV (default) or JSON lines.")
public final class PredictCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "MODEL", description = "The .nnlz file written by `nnlc train`.")
    Path artifact;

    @Parameters(index = "1", paramLabel = "INPUT", description = "The inputs to predict on.")
    Path input;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "csv", description = "csv or json (one object per line).")
    Predictions.Format format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write here instead of standard output.")
    Path output;

    @Mixin
    ThreadsOption threads;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws NnlException {
        threads.apply();
        OutputFiles.check(output, List.of(artifact, input));
        Predictions p = TrainedModel.load(artifact).predictions(input, Warnings.to(spec.commandLine().getErr()));
        if (output != null) {
            p.write(output, format);
        } else {
            PrintWriter out = spec.commandLine().getOut();
            out.write(p.render(format));
            out.flush();
        }
        return ExitCode.OK;
    }
}
