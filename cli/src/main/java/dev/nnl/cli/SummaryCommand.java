package dev.nnl.cli;

import dev.nnl.compiler.summary.SummaryJson;
import dev.nnl.compiler.summary.SummaryText;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code nnlc summary}: Keras's layer table with output shapes and parameter counts. */
@Command(name = "summary", mixinStandardHelpOptions = true,
        description = "Print a model's layers, output shapes and parameter counts, as Keras's model.summary() does.")
public final class SummaryCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", arity = "1", description = "The .nnl file; - reads standard input.")
    String file;

    @Option(names = "--model", paramLabel = "NAME", description = "The model to summarize (needed when the file has several).")
    String model;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text", description = "text or json.")
    ReportFormat format;

    @Option(names = "--stdin-name", paramLabel = "NAME", defaultValue = "<stdin>", description = "The name to report for standard input.")
    String stdinName;

    @Mixin
    DiagnosticOptions diagnosticOptions;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String bad = diagnosticOptions.validate();
        if (bad != null) {
            err.println("error: " + bad);
            return ExitCode.USAGE;
        }
        ModelInput in = ModelInput.load(file, stdinName, model, diagnosticOptions, err);
        if (!in.ok()) {
            return in.exitCode();
        }
        out.print(format == ReportFormat.JSON ? SummaryJson.render(in.model(), false) : SummaryText.render(in.model()));
        out.flush();
        return ExitCode.OK;
    }
}
