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
        description = {"Predict with a trained model. INPUT is a .csv (feature columns), .npy, IDX file or directory, "
                + "or text lines for text models. Writes CSV (default), JSON lines or .npy arrays.",
            "--format npy -o OUT.npy writes every output whole, as float32 with the batch axis first: OUT.npy, "
                + "or OUT_<name>.npy per output when the model has several."})
public final class PredictCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "MODEL", description = "The .nnlz file written by `nnlc train`.")
    Path artifact;

    @Parameters(index = "1", paramLabel = "INPUT", description = "The inputs to predict on.")
    Path input;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "csv", description = "csv, json (one object per line) or npy (needs -o).")
    Predictions.Format format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write here instead of standard output.")
    Path output;

    @Mixin
    ThreadsOption threads;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws NnlException {
        if (format == Predictions.Format.NPY && output == null) {
            spec.commandLine().getErr().println("error: --format npy writes binary files: give one with -o, e.g. -o out.npy");
            return ExitCode.USAGE;
        }
        threads.apply();
        if (format == Predictions.Format.NPY) {
            TrainedModel model = TrainedModel.load(artifact);
            for (Path f : model.npyFiles(output)) {
                OutputFiles.check(f, List.of(artifact, input));
            }
            model.predictions(input, Warnings.to(spec.commandLine().getErr())).writeNpy(output);
            return ExitCode.OK;
        }
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
