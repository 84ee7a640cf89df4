package dev.nnl.cli;

import dev.nnl.runtime.KerasImport;
import dev.nnl.runtime.NnlException;
import dev.nnl.runtime.OutputFiles;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code nnlc import}: a Keras or TF.js model as readable nnl source, and its weights as an {@code .nnlz}. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Translate a Keras or TensorFlow.js model into nnl source (and its weights into an .nnlz).",
                "SRC: a TF.js model.json (weights from the .bin shards beside it), Keras model.to_json() JSON, a Keras 3 "
                + ".keras file or a Keras 2 .h5 file. Nothing in the file runs: Lambda layers, custom classes and "
                + "unsupported settings are refused, one line per layer."})
public final class ImportCommand implements Callable<Integer> {
    @Parameters(paramLabel = "SRC", arity = "1", description = "The Keras or TF.js model file.")
    Path src;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT.nnl",
            description = "The nnl file to write (default: SRC_STEM.nnl); the weights go to OUT.nnlz beside it.")
    Path output;

    @Option(names = "--name", paramLabel = "MODEL", description = "The nnl model name (default: from the Keras model's name).")
    String name;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws NnlException {
        PrintWriter out = spec.commandLine().getOut();
        Path nnl = output != null ? output : DefaultOutput.of(src.toString(), ".nnl");
        String file = nnl.getFileName().toString();
        if (!file.endsWith(".nnl")) {
            spec.commandLine().getErr().println("error: the output must be an .nnl file, not " + nnl);
            return ExitCode.USAGE;
        }
        Path nnlz = nnl.resolveSibling(file + "z");
        OutputFiles.check(nnl, List.of(src));
        OutputFiles.check(nnlz, List.of(src));
        KerasImport imported = KerasImport.read(src, name, file);
        imported.write(nnl, nnlz);
        out.printf("Imported %s as model %s: wrote %s%s%n", src, imported.modelName(), nnl,
                imported.model() == null ? " (the file has no weights)" : " and " + nnlz + " (with its weights)");
        out.printf("  check it: nnlc check %s%n", nnl);
        out.flush();
        return ExitCode.OK;
    }
}
