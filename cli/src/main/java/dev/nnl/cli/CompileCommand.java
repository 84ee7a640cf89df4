package dev.nnl.cli;

import dev.nnl.runtime.CompiledModel;
import dev.nnl.runtime.FitOptions;
import dev.nnl.runtime.NnlException;
import dev.nnl.runtime.TrainedModel;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code nnlc compile}: a checked model as an untrained {@code .nnlz} (what {@code train} would
 * start from), or a model's inference graph as a SameDiff FlatBuffers file for plain ND4J code.
 */
@Command(name = "compile", mixinStandardHelpOptions = true,
        description = {"Check a model and write it as an untrained .nnlz (initialized weights, seed and preprocessing "
                + "recorded) that `train --resume`, `eval` and `predict` accept,",
                "or (--format samediff) write a model's forward graph with its weights as a SameDiff FlatBuffers file "
                + "that plain ND4J code loads with SameDiff.fromFlatFile."})
public final class CompileCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", arity = "1",
            description = "The .nnl file, or (with --format samediff) a trained .nnlz.")
    String file;

    @Option(names = "--model", paramLabel = "NAME", description = "The model to compile (needed when the file has several).")
    String model;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "nnlz", description = "nnlz (default) or samediff.")
    String format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Where to write (default: FILE_STEM.nnlz, or FILE_STEM.fb for samediff).")
    Path output;

    @Option(names = "--seed", paramLabel = "N", description = "Seed for the initial weights (default: the train block's, else random).")
    Long seed;

    @Option(names = "--data", paramLabel = "PATH",
            description = "Read the preprocessing (scale, vocabulary, label names) from this data instead of the train block's.")
    String data;

    @Mixin
    DiagnosticOptions diagnosticOptions;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String bad = diagnosticOptions.validate();
        if (bad == null && !format.equals("nnlz") && !format.equals("samediff")) {
            bad = "--format takes nnlz or samediff, found `" + format + "`";
        }
        boolean fromArtifact = file.toLowerCase(Locale.ROOT).endsWith(".nnlz");
        if (bad == null && fromArtifact && format.equals("nnlz")) {
            bad = file + " is already an .nnlz; compile a .nnl file, or export this one with --format samediff";
        }
        if (bad == null && fromArtifact && (model != null || seed != null || data != null)) {
            bad = "--model, --seed and --data apply to .nnl files; " + file + " already has its model and weights";
        }
        if (bad != null) {
            err.println("error: " + bad);
            return ExitCode.USAGE;
        }
        Path target = output != null ? output : Path.of(TrainCommand.stem(file) + (format.equals("nnlz") ? ".nnlz" : ".fb"));
        try {
            if (format.equals("nnlz")) {
                ModelInput in = ModelInput.load(file, "<stdin>", model, diagnosticOptions, err);
                if (!in.ok()) {
                    return in.exitCode();
                }
                FitOptions options = FitOptions.defaults().withData(data);
                if (seed != null) {
                    options = options.withSeed(seed);
                }
                TrainedModel m = CompiledModel.of(in.compilation(), in.model()).initialize(options);
                m.save(target);
                out.printf(Locale.ROOT, "Compiled %s to %s: %,d parameters initialized with seed %d, untrained%n", m.name(), target,
                        m.model().totalParams(), m.artifact().meta.seed);
                if (m.trainConfig() != null) {
                    out.printf("  train it: nnlc train %s%s --resume %s%n", file, model == null ? "" : " --model " + model, target);
                }
            } else {
                return exportSameDiff(fromArtifact, target, out, err);
            }
            out.flush();
            return ExitCode.OK;
        } catch (NnlException e) {
            return RuntimeErrors.report(e, err);
        } catch (IOException e) {
            err.println("error: cannot write " + target + ": " + e.getMessage());
            return ExitCode.IO;
        }
    }

    private int exportSameDiff(boolean fromArtifact, Path target, PrintWriter out, PrintWriter err) throws NnlException, IOException {
        err.println("error: --format samediff is not available yet");
        return ExitCode.USAGE;
    }
}
