package dev.nnl.cli;

import dev.nnl.runtime.NnlException;
import dev.nnl.runtime.OnnxFile;
import dev.nnl.runtime.SameDiffFile;
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

/**
 * {@code nnlc export}: a model for another runtime or framework. A format is one constant of
 * {@link Format} (its default output) and one case of {@link #write}.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Write a model for another runtime or framework: ONNX, TensorFlow.js, Keras JSON or SameDiff.",
                "FILE is a trained .nnlz, or a .nnl file whose model is initialized from --seed (default: the train block's).",
                "onnx: an ONNX model for ONNX Runtime and other ONNX consumers, with a dynamic batch axis; "
                + "tfjs: a TensorFlow.js Layers model.json + weights.bin in a folder, for tf.loadLayersModel; "
                + "keras-json: the Keras 3 model.to_json() config (no weights); "
                + "samediff: what `compile --format samediff` writes."})
public final class ExportCommand implements Callable<Integer> {
    /** {@code --format}: what to write, and the suffix of the default output (a folder's for tfjs). */
    enum Format {
        ONNX(".onnx"), TFJS("_tfjs"), KERAS_JSON(".json"), SAMEDIFF(".fb");

        final String suffix;

        Format(String suffix) {
            this.suffix = suffix;
        }
    }

    @Parameters(paramLabel = "FILE", arity = "1", description = "The trained .nnlz, or a .nnl file.")
    String file;

    @Option(names = "--format", paramLabel = "FORMAT", required = true,
            description = "onnx, tfjs, keras-json or samediff.")
    Format format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Where to write: a file, or a folder for tfjs (default: FILE_STEM.onnx, FILE_STEM_tfjs/, FILE_STEM.json or FILE_STEM.fb).")
    Path output;

    @Option(names = "--opset", paramLabel = "N", converter = Numbers.Whole.class,
            description = "The ONNX opset, " + OnnxFile.MIN_OPSET + " to " + OnnxFile.MAX_OPSET + " (default " + OnnxFile.DEFAULT_OPSET + ").")
    Long opset;

    @Option(names = "--model", paramLabel = "NAME", description = "The model to export from a .nnl file (needed when the file has several).")
    String model;

    @Option(names = "--seed", paramLabel = "N", converter = Numbers.Whole.class,
            description = "Seed for the initial weights of a .nnl model (default: the train block's, else random).")
    Long seed;

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
        String bad = usage();
        if (bad != null) {
            err.println("error: " + bad);
            return ExitCode.USAGE;
        }
        threads.apply();
        Path target = output != null ? output : DefaultOutput.of(file, format.suffix);
        ExportedModel m = ExportedModel.load(file, model, seed, target, diagnosticOptions, err);
        if (m.model() == null) {
            return m.exitCode();
        }
        Written w = write(m.model(), target);
        out.printf("Wrote %s: %s of %s (%s)%n", target, w.what(), m.model().name(), m.state());
        w.table().forEach(out::println);
        if (w.preprocessing() != null) {
            out.println("  feed inputs preprocessed as in training: " + w.preprocessing());
        }
        out.flush();
        return ExitCode.OK;
    }

    private String usage() {
        String bad = diagnosticOptions.validate();
        if (bad == null && opset != null && format != Format.ONNX) {
            bad = "--opset applies to --format onnx";
        }
        if (bad == null && opset != null && (opset < OnnxFile.MIN_OPSET || opset > OnnxFile.MAX_OPSET)) {
            bad = "--opset takes " + OnnxFile.MIN_OPSET + " to " + OnnxFile.MAX_OPSET + ", found `" + opset + "`";
        }
        if (bad == null && ExportedModel.isArtifact(file) && (model != null || seed != null)) {
            bad = "--model and --seed apply to .nnl files; " + file + " already has its model and weights";
        }
        return bad;
    }

    /** What an export wrote, as the summary lines show it. */
    private record Written(String what, List<String> table, String preprocessing) {
    }

    private Written write(TrainedModel m, Path target) throws NnlException {
        return switch (format) {
            case ONNX -> {
                int o = opset == null ? OnnxFile.DEFAULT_OPSET : opset.intValue();
                OnnxFile f = m.exportOnnx(target, o);
                yield new Written(String.format(Locale.ROOT, "ONNX inference graph (opset %d)", f.opset()), f.table(), f.preprocessing());
            }
            case TFJS -> {
                m.exportTfjs(target);
                yield new Written("model.json and weights.bin for tf.loadLayersModel", List.of(), null);
            }
            case KERAS_JSON -> {
                m.exportKerasJson(target);
                yield new Written("the Keras 3 config (keras.models.model_from_json; no weights)", List.of(), null);
            }
            case SAMEDIFF -> {
                SameDiffFile f = m.exportSameDiff(target);
                yield new Written("SameDiff inference graph", f.table(), f.preprocessing());
            }
        };
    }
}
