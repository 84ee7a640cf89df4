package dev.nnl.cli;

import dev.nnl.compiler.diag.Code;
import dev.nnl.compiler.diag.Diagnostic;
import dev.nnl.compiler.diag.Severity;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Per-run control of warnings, shared by the commands that report diagnostics. */
final class DiagnosticOptions {
    @Option(names = "--no-warn", description = "Hide warnings and infos.")
    boolean noWarn;

    @Option(names = "--Werror", description = "Treat warnings as errors (exit 1).")
    boolean werror;

    @Option(names = "--allow", paramLabel = "LINT", split = ",",
            description = "Silence a lint by code or name, e.g. --allow dropout-after-input (repeatable).")
    List<String> allow = new ArrayList<>();

    @Option(names = "--color", paramLabel = "WHEN", defaultValue = "auto",
            description = "Colour the human format: auto (only on a terminal), always, never.")
    Color color;

    /** Validates --allow names; returns an error message or null. */
    String validate() {
        for (String a : allow) {
            Code c = Code.lookup(a.trim());
            if (c == null) {
                return "unknown lint `" + a + "` for --allow (see docs/diagnostics.md)";
            }
            if (c.severity() == Severity.ERROR) {
                return c.id() + " is an error; only warnings and lints can be allowed";
            }
        }
        return null;
    }

    List<Diagnostic> apply(List<Diagnostic> diags) {
        List<Diagnostic> out = new ArrayList<>();
        for (Diagnostic d : diags) {
            if (!d.isError() && allow.stream().anyMatch(a -> Code.lookup(a.trim()) == d.code())) {
                continue;
            }
            // -Werror promotes warnings, not infos (hints stay hints), as compilers do.
            if (d.severity() == Severity.WARNING && werror) {
                out.add(d.withSeverity(Severity.ERROR));
            } else if (!d.isError() && noWarn) {
                continue;
            } else {
                out.add(d);
            }
        }
        return out;
    }

    boolean useColor() {
        return color.use();
    }
}
