package dev.nnl.cli;

import dev.nnl.compiler.Compilation;
import dev.nnl.compiler.Compiler;
import dev.nnl.compiler.diag.Diagnostic;
import dev.nnl.compiler.diag.Severity;
import dev.nnl.compiler.diag.render.FileDiagnostics;
import dev.nnl.compiler.diag.render.GccRenderer;
import dev.nnl.compiler.diag.render.HumanRenderer;
import dev.nnl.compiler.diag.render.JsonRenderer;
import dev.nnl.compiler.source.SourceFile;
import dev.nnl.compiler.summary.SummaryText;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code nnlc check}: parse and validate names, arguments and shapes; never reads training data. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Check .nnl files: syntax, names, arguments, tensor shapes, train blocks and lints.")
public final class CheckCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", arity = "1..*", description = "Files to check; - reads standard input.")
    List<String> files;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "human",
            description = "human (source and carets), gcc (file:line:col: …) or json (LSP-style ranges).")
    DiagnosticFormat format;

    @Option(names = "--stdin-name", paramLabel = "NAME", defaultValue = "<stdin>",
            description = "The file name to report for standard input.")
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
        Map<String, List<Diagnostic>> byFile = new LinkedHashMap<>();
        List<String> summaries = new ArrayList<>();
        boolean ioError = false;
        for (String f : files) {
            SourceFile source;
            try {
                source = Sources.read(f, stdinName, System.in);
            } catch (Sources.SourceException e) {
                err.println("error: " + e.getMessage());
                ioError = true;
                continue;
            }
            Compilation c = Compiler.compile(source);
            byFile.putIfAbsent(source.name(), new ArrayList<>());
            for (Diagnostic d : diagnosticOptions.apply(c.diagnostics())) {
                // Diagnostics in imported files are listed under the file they are in.
                byFile.computeIfAbsent(d.span().file().name(), k -> new ArrayList<>()).add(d);
            }
            summaries.add(source.name() + ": " + describe(c));
        }
        List<Diagnostic> all = byFile.values().stream().flatMap(List::stream).toList();
        int errors = (int) all.stream().filter(Diagnostic::isError).count();
        int warnings = (int) all.stream().filter(d -> d.severity() == Severity.WARNING).count();
        switch (format) {
            case JSON -> {
                List<FileDiagnostics> files = new ArrayList<>();
                byFile.forEach((k, v) -> files.add(new FileDiagnostics(k, v)));
                out.print(new JsonRenderer().render(files));
            }
            case GCC -> out.print(new GccRenderer().render(all));
            case HUMAN -> {
                boolean color = diagnosticOptions.useColor();
                err.print(new HumanRenderer(color).render(all));
                err.print(HumanRenderer.summaryLine(errors, warnings, color));
                if (errors == 0) {
                    summaries.forEach(out::println);
                }
            }
        }
        out.flush();
        err.flush();
        return errors > 0 ? ExitCode.INPUT : ioError ? ExitCode.IO : ExitCode.OK;
    }

    private static String describe(Compilation c) {
        if (c.hasErrors()) {
            return "errors";
        }
        if (c.modelNames().isEmpty()) {
            return "ok (no model)";
        }
        List<String> parts = new ArrayList<>();
        c.models().forEach((name, m) -> parts.add(name + ": " + SummaryText.grouped(m.totalParams()) + " params"));
        return "ok (" + String.join("; ", parts) + ")";
    }
}
