package dev.nnl.cli;

import dev.nnl.compiler.check.Suggest;
import dev.nnl.compiler.docs.LayerDocs;
import dev.nnl.compiler.layers.LayerDef;
import dev.nnl.compiler.layers.Registry;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code nnlc explain LAYER}: arguments, defaults, shape rule and an example. */
@Command(name = "explain", mixinStandardHelpOptions = true, description = "Explain a layer: arguments, defaults, shape rule, example.")
public final class ExplainCommand implements Callable<Integer> {
    @Parameters(paramLabel = "LAYER", description = "A layer class name, e.g. Conv2D.")
    String layer;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        LayerDef d = Registry.get(layer);
        if (d == null) {
            String dym = Suggest.didYouMean(layer, Registry.names());
            spec.commandLine().getErr().println("error: unknown layer `" + layer + "`" + (dym == null ? "; `nnlc layers` lists them" : "; " + dym));
            return ExitCode.USAGE;
        }
        spec.commandLine().getOut().print(LayerDocs.explain(d));
        spec.commandLine().getOut().flush();
        return ExitCode.OK;
    }
}
