package dev.nnl.cli;

import dev.nnl.runtime.CompiledModel;
import dev.nnl.runtime.FitOptions;
import dev.nnl.runtime.NnlException;
import dev.nnl.runtime.OutputFiles;
import dev.nnl.runtime.TrainedModel;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The model an export writes ({@code export}, {@code compile --format samediff}): a trained
 * {@code .nnlz} as saved, or a {@code .nnl} model initialized from the seed. The target is checked
 * against the inputs first ({@code OutputFiles.check}), so an export never overwrites its source.
 *
 * @param model    the model, or null when the source had errors
 * @param exitCode the exit code when it had (the diagnostics are printed)
 */
record ExportedModel(TrainedModel model, int exitCode) {
    static boolean isArtifact(String file) {
        return file.toLowerCase(Locale.ROOT).endsWith(".nnlz");
    }

    static ExportedModel load(String file, String modelName, Long seed, Path target, DiagnosticOptions options, PrintWriter err)
            throws NnlException {
        if (isArtifact(file)) {
            OutputFiles.check(target, List.of(Path.of(file)));
            return new ExportedModel(TrainedModel.load(Path.of(file)), ExitCode.OK);
        }
        ModelInput in = ModelInput.load(file, "<stdin>", modelName, options, err);
        if (!in.ok()) {
            return new ExportedModel(null, in.exitCode());
        }
        CompiledModel c = CompiledModel.of(in.compilation(), in.model());
        OutputFiles.check(target, c.inputFiles(FitOptions.defaults()));
        return new ExportedModel(seed != null ? c.initialize(seed) : c.initialize(), ExitCode.OK);
    }

    /** "untrained, seed 42" or "trained 3 epochs". */
    String state() {
        int epochs = model.epochsTrained();
        return epochs == 0 ? "untrained, seed " + model.seed() : "trained " + epochs + (epochs == 1 ? " epoch" : " epochs");
    }
}
