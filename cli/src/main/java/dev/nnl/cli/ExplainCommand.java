package dev.nnl.cli;

import dev.nnl.compiler.check.Suggest;
import dev.nnl.compiler.diag.Code;
import dev.nnl.compiler.docs.DiagnosticDocs;
import dev.nnl.compiler.docs.LayerDocs;
import dev.nnl.compiler.layers.LayerDef;
import dev.nnl.compiler.layers.Registry;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code nnlc explain NAME}: a layer (arguments, defaults, shape rule, example) or a diagnostic code or lint. */
@Command(name = "explain", mixinStandardHelpOptions = true,
        description = "Explain a layer (arguments, defaults, shape rule, example) or a diagnostic (NNL5001 or a lint name).")
public final class ExplainCommand implements Callable<Integer> {
    @Parameters(paramLabel = "NAME", description = "A layer class name (Conv2D), a diagnostic code (NNL5001) or a lint name (dropout-after-input).")
    String name;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        // Codes match in any case (Code.lookup); lint names are lower case, so nnl5001 and
        // Dropout-After-Input both work. Layer names are exact, as in a model.
        Code code = Code.lookup(name.toLowerCase(Locale.ROOT));
        LayerDef layer = Registry.get(name);
        String text = code != null ? DiagnosticDocs.explain(code) : layer != null ? LayerDocs.explain(layer) : null;
        if (text == null) {
            List<String> known = new ArrayList<>(Registry.names());
            for (Code c : Code.values()) {
                known.add(c.id());
                if (c.isLint()) {
                    known.add(c.lintName());
                }
            }
            String dym = Suggest.didYouMean(name, known);
            spec.commandLine().getErr().println("error: no layer, diagnostic code or lint named `" + name + "`; "
                    + (dym == null ? "`nnlc layers` lists the layers, docs/diagnostics.md the codes and lints" : dym));
            return ExitCode.USAGE;
        }
        spec.commandLine().getOut().print(text);
        spec.commandLine().getOut().flush();
        return ExitCode.OK;
    }
}
