package dev.nnl.cli;

import dev.nnl.runtime.CompiledModel;
import dev.nnl.runtime.FitOptions;
import dev.nnl.runtime.NnlException;
import dev.nnl.runtime.OutputFiles;
import dev.nnl.runtime.SameDiffFile;
import dev.nnl.runtime.TrainedModel;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
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
        description = {"Write a checked model as an untrained .nnlz for `train --resume`, `eval` and `predict`, "
                + "or (--format samediff) as a SameDiff graph for plain ND4J code.",
                "nnlz: weights initialized from the seed, with the seed and the data's preprocessing recorded. "
                + "samediff: the forward graph with its weights, as a FlatBuffers file that SameDiff.fromFlatFile loads."})
public final class CompileCommand implements Callable<Integer> {
    /** {@code --format}: what to write. */
    enum Format {
        NNLZ, SAMEDIFF
    }

    @Parameters(paramLabel = "FILE", arity = "1",
            description = "The .nnl file, or (with --format samediff) a trained .nnlz.")
    String file;

    @Option(names = "--model", paramLabel = "NAME", description = "The model to compile (needed when the file has several).")
    String model;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "nnlz", description = "nnlz (default) or samediff.")
    Format format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Where to write (default: FILE_STEM.nnlz, or FILE_STEM.fb for samediff).")
    Path output;

    @Option(names = "--seed", paramLabel = "N", converter = Numbers.Whole.class, description = "Seed for the initial weights (default: the train block's, else random).")
    Long seed;

    @Option(names = "--data", paramLabel = "PATH",
            description = "Read the preprocessing (scale, vocabulary, label names) from this data instead of the train block's.")
    String data;

    @Mixin
    DiagnosticOptions diagnosticOptions;

    @Mixin
    ThreadsOption threads;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws NnlException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String bad = diagnosticOptions.validate();
        boolean fromArtifact = file.toLowerCase(Locale.ROOT).endsWith(".nnlz");
        if (bad == null && fromArtifact && format == Format.NNLZ) {
            bad = file + " is already an .nnlz; compile a .nnl file, or export this one with --format samediff";
        }
        if (bad == null && format == Format.SAMEDIFF && data != null) {
            bad = "--data applies to --format nnlz (it fixes the preprocessing an .nnlz records)";
        }
        if (bad == null && fromArtifact && (model != null || seed != null || data != null)) {
            bad = "--model, --seed and --data apply to .nnl files; " + file + " already has its model and weights";
        }
        if (bad != null) {
            err.println("error: " + bad);
            return ExitCode.USAGE;
        }
        threads.apply();
        Path target = output != null ? output : DefaultOutput.of(file, format == Format.NNLZ ? ".nnlz" : ".fb");
        if (format == Format.SAMEDIFF) {
            return exportSameDiff(target, out, err);
        }
        ModelInput in = ModelInput.load(file, "<stdin>", model, diagnosticOptions, err);
        if (!in.ok()) {
            return in.exitCode();
        }
        FitOptions options = FitOptions.defaults().withData(data);
        if (seed != null) {
            options = options.withSeed(seed);
        }
        CompiledModel compiled = CompiledModel.of(in.compilation(), in.model());
        OutputFiles.check(target, compiled.inputFiles(options));
        TrainedModel m = compiled.initialize(options);
        try {
            m.save(target);
        } catch (IOException e) {
            throw Failures.cannotWrite(target, e);
        }
        out.printf(Locale.ROOT, "Compiled %s to %s: %,d parameters initialized with seed %d, untrained%n", m.name(), target,
                m.model().totalParams(), m.seed());
        if (m.trainConfig() != null) {
            out.printf("  train it: nnlc train %s%s --resume %s%n", file, model == null ? "" : " --model " + model, target);
        }
        out.flush();
        return ExitCode.OK;
    }

    private int exportSameDiff(Path target, PrintWriter out, PrintWriter err) throws NnlException {
        ExportedModel m = ExportedModel.load(file, model, seed, target, diagnosticOptions, err);
        if (m.model() == null) {
            return m.exitCode();
        }
        SameDiffFile written = m.model().exportSameDiff(target);
        out.printf("Wrote %s: SameDiff inference graph of %s (%s)%n", target, m.model().name(), m.state());
        written.table().forEach(out::println);
        if (written.preprocessing() != null) {
            out.println("  feed inputs preprocessed as in training: " + written.preprocessing());
        }
        out.flush();
        return ExitCode.OK;
    }
}
