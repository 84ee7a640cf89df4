package dev.nnl.cli;

import dev.nnl.compiler.docs.LayerDocs;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code nnlc layers}: every layer nnl knows, by family. */
@Command(name = "layers", mixinStandardHelpOptions = true, description = "List the layers, grouped by family.")
public final class LayersCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getOut().print(LayerDocs.list());
        spec.commandLine().getOut().flush();
        return ExitCode.OK;
    }
}
