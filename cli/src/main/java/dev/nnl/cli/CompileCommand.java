package dev.nnl.cli;

import dev.nnl.runtime.CompiledModel;
import dev.nnl.runtime.FitOptions;
import dev.nnl.runtime.NnlException;
import dev.nnl.runtime.TrainedModel;
import dev.nnl.runtime.data.Preprocessing;
import dev.nnl.runtime.export.SameDiffExport;
import dev.nnl.runtime.io.OutputPath;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.buffer.DataType;
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

    @Option(names = "--seed", paramLabel = "N", converter = Numbers.Whole.class, description = "Seed for the initial weights (default: the train block's, else random).")
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
        if (bad == null) {
            bad = Choices.problem("--format", format, "nnlz", "samediff");
        }
        boolean fromArtifact = file.toLowerCase(Locale.ROOT).endsWith(".nnlz");
        if (bad == null && fromArtifact && format.equals("nnlz")) {
            bad = file + " is already an .nnlz; compile a .nnl file, or export this one with --format samediff";
        }
        if (bad == null && format.equals("samediff") && data != null) {
            bad = "--data applies to --format nnlz (it fixes the preprocessing an .nnlz records)";
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
                CompiledModel compiled = CompiledModel.of(in.compilation(), in.model());
                OutputPath.check(target, compiled.inputFiles(options));
                TrainedModel m = compiled.initialize(options);
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
        TrainedModel m;
        if (fromArtifact) {
            OutputPath.check(target, List.of(Path.of(file)));
            m = TrainedModel.load(Path.of(file));
        } else {
            ModelInput in = ModelInput.load(file, "<stdin>", model, diagnosticOptions, err);
            if (!in.ok()) {
                return in.exitCode();
            }
            CompiledModel c = CompiledModel.of(in.compilation(), in.model());
            OutputPath.check(target, c.inputFiles(FitOptions.defaults()));
            m = seed != null ? c.initialize(seed) : c.initialize();
        }
        int epochs = m.epochsTrained();
        String state = epochs == 0 ? "untrained, seed " + m.artifact().meta.seed
                : "trained " + epochs + (epochs == 1 ? " epoch" : " epochs");
        SameDiffExport.Graph g = m.toSameDiff();
        SameDiffExport.write(g, target);
        out.printf("Wrote %s: SameDiff inference graph of %s (%s)%n", target, m.name(), state);
        int width = 0;
        for (SameDiffExport.Port p : concat(g)) {
            width = Math.max(width, p.name().length());
        }
        for (SameDiffExport.Port p : g.inputs()) {
            out.println(port("input ", p, width));
        }
        for (SameDiffExport.Port p : g.outputs()) {
            out.println(port("output", p, width));
        }
        String prep = preprocessing(m.preprocessing());
        if (prep != null) {
            out.println("  feed inputs preprocessed as in training: " + prep);
        }
        out.flush();
        return ExitCode.OK;
    }

    /**
     * What training did to raw data before the model saw it, which the graph (like
     * {@code TrainedModel.predict}) expects done: null when nothing was.
     */
    private static String preprocessing(Preprocessing p) {
        if (p == null) {
            return null;
        }
        List<String> steps = new ArrayList<>();
        if (!p.vocabulary().isEmpty()) {
            steps.add("map tokens to ids with the vocabulary saved in the .nnlz");
        }
        if (p.scale() != 1) {
            steps.add(String.format(Locale.ROOT, "multiply by %.6g", p.scale()));
        }
        if (!p.means().isEmpty()) {
            steps.add("standardize each feature with the means and standard deviations saved in the .nnlz");
        }
        return steps.isEmpty() ? null : String.join("; then ", steps);
    }

    private static List<SameDiffExport.Port> concat(SameDiffExport.Graph g) {
        List<SameDiffExport.Port> all = new ArrayList<>(g.inputs());
        all.addAll(g.outputs());
        return all;
    }

    /** {@code  input   image    float32  (-1, 28, 28)}: what a caller feeds or fetches, by name. */
    private static String port(String role, SameDiffExport.Port p, int width) {
        // ND4J names int32 `INT`; print the names the .nnl source and NumPy use.
        String type = p.dataType() == DataType.FLOAT ? "float32" : p.dataType() == DataType.INT32 ? "int32"
                : p.dataType().name().toLowerCase(Locale.ROOT);
        StringBuilder shape = new StringBuilder("(");
        for (int i = 0; i < p.shape().length; i++) {
            shape.append(i == 0 ? "" : ", ").append(p.shape()[i]);
        }
        return String.format(Locale.ROOT, "  %s  %-" + width + "s  %-7s  %s)", role, p.name(), type, shape);
    }
}
