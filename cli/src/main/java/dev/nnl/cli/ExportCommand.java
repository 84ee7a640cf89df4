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
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code nnlc export}: a model (trained .nnlz, or a .nnl initialized from its seed) in another framework's format. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Write a model in another framework's format.",
                "tfjs: a TensorFlow.js Layers model.json + weights.bin in a folder, for tf.loadLayersModel. "
                + "keras-json: the Keras 3 model.to_json() config (no weights)."})
public final class ExportCommand implements Callable<Integer> {
    /** {@code --format}: what to write. */
    enum Format {
        TFJS, KERAS_JSON;

        /** As written on the command line: {@code tfjs}, {@code keras-json}. */
        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    @Parameters(paramLabel = "MODEL", arity = "1", description = "A trained .nnlz, or a .nnl file (initialized from --seed).")
    String file;

    @Option(names = "--format", paramLabel = "FORMAT", required = true, converter = FormatConverter.class,
            description = "tfjs or keras-json.")
    Format format;

    @Option(names = {"-o", "--output"}, paramLabel = "PATH",
            description = "Where to write: a folder for tfjs (default: MODEL_STEM_tfjs/), a file for keras-json (default: MODEL_STEM.json).")
    Path output;

    @Option(names = "--model", paramLabel = "NAME", description = "The model to export (needed when the .nnl file has several).")
    String model;

    @Option(names = "--seed", paramLabel = "N", converter = Numbers.Whole.class, description = "Seed for the weights of a .nnl file (default: the train block's, else 0).")
    Long seed;

    @Mixin
    DiagnosticOptions diagnosticOptions;

    @Spec
    CommandSpec spec;

    /** Accepts the formats as written in the docs ({@code keras-json}), in any case. */
    static final class FormatConverter implements picocli.CommandLine.ITypeConverter<Format> {
        @Override
        public Format convert(String value) {
            for (Format f : Format.values()) {
                if (f.toString().equalsIgnoreCase(value)) {
                    return f;
                }
            }
            throw new picocli.CommandLine.TypeConversionException("expected tfjs or keras-json, found `" + value + "`");
        }
    }

    @Override
    public Integer call() throws NnlException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        boolean fromArtifact = file.toLowerCase(Locale.ROOT).endsWith(".nnlz");
        String bad = diagnosticOptions.validate();
        if (bad == null && fromArtifact && (model != null || seed != null)) {
            bad = "--model and --seed apply to .nnl files; " + file + " already has its model and weights";
        }
        if (bad != null) {
            err.println("error: " + bad);
            return ExitCode.USAGE;
        }
        Path target = output != null ? output
                : format == Format.TFJS ? Path.of(DefaultOutput.of(file, "").toString() + "_tfjs") : DefaultOutput.of(file, ".json");
        TrainedModel m;
        if (fromArtifact) {
            OutputFiles.check(target, List.of(Path.of(file)));
            m = TrainedModel.load(Path.of(file));
        } else {
            ModelInput in = ModelInput.load(file, "<stdin>", model, diagnosticOptions, err);
            if (!in.ok()) {
                return in.exitCode();
            }
            CompiledModel c = CompiledModel.of(in.compilation(), in.model());
            OutputFiles.check(target, c.inputFiles(FitOptions.defaults()));
            m = seed != null ? c.initialize(seed) : c.initialize();
        }
        if (format == Format.TFJS) {
            m.exportTfjs(target);
            out.printf("Wrote %s: model.json and weights.bin of %s for tf.loadLayersModel%n", target, m.name());
        } else {
            m.exportKerasJson(target);
            out.printf("Wrote %s: the Keras 3 config of %s (keras.models.model_from_json; no weights)%n", target, m.name());
        }
        out.flush();
        return ExitCode.OK;
    }
}
