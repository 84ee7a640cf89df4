package dev.nnl.cli;

import dev.nnl.compiler.Compilation;
import dev.nnl.compiler.Compiler;
import dev.nnl.compiler.ModelSelection;
import dev.nnl.compiler.diag.Diagnostic;
import dev.nnl.compiler.diag.render.HumanRenderer;
import dev.nnl.compiler.ir.ModelIR;
import dev.nnl.compiler.source.SourceFile;
import java.io.PrintWriter;
import java.util.List;

/**
 * What `summary` and `train` start with: read the file, compile it, pick the model, and print
 * the diagnostics. Either a checked model or the exit code to return.
 */
record ModelInput(Compilation compilation, ModelIR model, int exitCode) {

    static ModelInput load(String file, String stdinName, String modelName, DiagnosticOptions options, PrintWriter err) {
        SourceFile source;
        try {
            source = Sources.read(file, stdinName, System.in);
        } catch (Sources.SourceException e) {
            err.println("error: " + e.getMessage());
            return new ModelInput(null, null, ExitCode.IO);
        }
        Compilation c = Compiler.compile(source);
        ModelSelection.Result chosen = ModelSelection.select(c, modelName);
        // "no model" as an error replaces the same finding as a warning.
        List<Diagnostic> diags = chosen.withProblem(options.apply(c.diagnostics()));
        boolean color = options.useColor();
        long errors = diags.stream().filter(Diagnostic::isError).count();
        err.print(new HumanRenderer(color).render(diags));
        if (errors > 0 || chosen.model() == null) {
            err.print(HumanRenderer.summaryLine((int) Math.max(1, errors), (int) (diags.size() - errors), color));
            err.flush();
            return new ModelInput(c, null, ExitCode.INPUT);
        }
        err.flush();
        return new ModelInput(c, chosen.model(), ExitCode.OK);
    }

    boolean ok() {
        return model != null;
    }
}
