package dev.nnl.cli;

import dev.nnl.compiler.diag.Diagnostic;
import dev.nnl.compiler.diag.Severity;
import dev.nnl.compiler.diag.render.FileDiagnostics;
import dev.nnl.compiler.diag.render.GccRenderer;
import dev.nnl.compiler.diag.render.HumanRenderer;
import dev.nnl.compiler.diag.render.JsonRenderer;
import dev.nnl.compiler.format.Formatted;
import dev.nnl.compiler.format.Formatter;
import dev.nnl.runtime.OutputFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code nnlc fmt}: rewrites files in the canonical layout of {@link Formatter}. Standard output
 * carries only the formatted text of {@code -} or the {@code --check} list, so diagnostics go to
 * standard error in every format.
 */
@Command(name = "fmt", mixinStandardHelpOptions = true,
        description = "Format .nnl files in the canonical layout, in place; --check only lists the files that differ.")
public final class FmtCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", arity = "1..*",
            description = "Files to format in place; - formats standard input to standard output.")
    List<String> files;

    @Option(names = "--check", description = "Change nothing: list the files that are not formatted and exit 1 if there are any.")
    boolean check;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "human",
            description = "How to report syntax errors (on standard error): human, gcc or json.")
    DiagnosticFormat format;

    @Option(names = "--stdin-name", paramLabel = "NAME", defaultValue = "<stdin>",
            description = "The file name to report for standard input.")
    String stdinName;

    @Option(names = "--color", paramLabel = "WHEN", defaultValue = "auto",
            description = "Colour the human format: auto (only on a terminal), always, never.")
    Color color;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<FileDiagnostics> refused = new ArrayList<>();
        List<String> unformatted = new ArrayList<>();
        boolean ioError = false;
        for (String f : files) {
            Sources.Input input;
            try {
                input = Sources.readBytes(f, stdinName, System.in);
            } catch (Sources.SourceException e) {
                err.println("error: " + e.getMessage());
                ioError = true;
                continue;
            }
            Formatted result = Formatter.format(input.decode());
            if (result.refused()) {
                refused.add(new FileDiagnostics(input.name(), result.diagnostics()));
                continue;
            }
            byte[] formatted = result.text().getBytes(StandardCharsets.UTF_8);
            boolean changed = !Arrays.equals(formatted, input.bytes());
            if (check) {
                if (changed) {
                    unformatted.add(input.name());
                }
            } else if (input.path() == null) {
                out.print(result.text());
            } else if (changed) {
                try {
                    // fmt rewrites the file it read: through a link, that is the link's target.
                    OutputFiles.write(input.path().toRealPath(), formatted);
                } catch (IOException e) {
                    err.println("error: " + f + ": cannot write: "
                            + (e instanceof AccessDeniedException ? "permission denied" : e.getMessage()));
                    ioError = true;
                }
            }
        }
        report(refused, err);
        unformatted.forEach(out::println);
        if (!unformatted.isEmpty()) {
            int n = unformatted.size();
            err.println(n == 1 ? "1 file is not formatted: run `nnlc fmt` on it"
                    : n + " files are not formatted: run `nnlc fmt` on them");
        }
        out.flush();
        err.flush();
        return !refused.isEmpty() || !unformatted.isEmpty() ? ExitCode.INPUT : ioError ? ExitCode.IO : ExitCode.OK;
    }

    private void report(List<FileDiagnostics> refused, PrintWriter err) {
        if (refused.isEmpty()) {
            return;
        }
        List<Diagnostic> all = refused.stream().flatMap(f -> f.diagnostics().stream()).toList();
        switch (format) {
            case JSON -> err.print(new JsonRenderer().render(refused));
            case GCC -> err.print(new GccRenderer().render(all));
            case HUMAN -> {
                boolean useColor = color.use();
                int errors = (int) all.stream().filter(Diagnostic::isError).count();
                int warnings = (int) all.stream().filter(d -> d.severity() == Severity.WARNING).count();
                err.print(new HumanRenderer(useColor).render(all));
                err.print(HumanRenderer.summaryLine(errors, warnings, useColor));
            }
        }
    }
}
