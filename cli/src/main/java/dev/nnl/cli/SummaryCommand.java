package dev.nnl.cli;

import dev.nnl.compiler.Compilation;
import dev.nnl.compiler.Compiler;
import dev.nnl.compiler.ModelSelection;
import dev.nnl.compiler.diag.Diagnostic;
import dev.nnl.compiler.diag.render.HumanRenderer;
import dev.nnl.compiler.source.SourceFile;
import dev.nnl.compiler.summary.SummaryJson;
import dev.nnl.compiler.summary.SummaryText;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
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
    String format;

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
        if (bad == null && !List.of("text", "json").contains(format)) {
            bad = "--format takes text or json, found `" + format + "`";
        }
        if (bad != null) {
            err.println("error: " + bad);
            return ExitCode.USAGE;
        }
        SourceFile source;
        try {
            source = Sources.read(file, stdinName, System.in);
        } catch (Sources.SourceException e) {
            err.println("error: " + e.getMessage());
            return ExitCode.IO;
        }
        Compilation c = Compiler.compile(source);
        List<Diagnostic> diags = new ArrayList<>(diagnosticOptions.apply(c.diagnostics()));
        ModelSelection.Result chosen = ModelSelection.select(c, model);
        if (chosen.problem() != null) {
            diags.add(chosen.problem());
        }
        boolean color = diagnosticOptions.useColor();
        long errors = diags.stream().filter(Diagnostic::isError).count();
        err.print(new HumanRenderer(color).render(diags));
        if (errors > 0 || chosen.model() == null) {
            err.print(HumanRenderer.summaryLine((int) Math.max(1, errors), (int) (diags.size() - errors), color));
            return ExitCode.INPUT;
        }
        out.print(format.equals("json") ? SummaryJson.render(chosen.model(), false) : SummaryText.render(chosen.model()));
        out.flush();
        return ExitCode.OK;
    }
}
