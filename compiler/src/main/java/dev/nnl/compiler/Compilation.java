package dev.nnl.compiler;

import dev.nnl.compiler.analysis.Facts;
import dev.nnl.compiler.diag.Diagnostic;
import dev.nnl.compiler.ir.ModelIR;
import dev.nnl.compiler.source.SourceFile;
import dev.nnl.compiler.train.TrainConfig;
import java.util.List;
import java.util.Map;

/**
 * The result of checking one file: diagnostics (for it and the files it imports), and the IR of
 * every model that checked cleanly.
 *
 * @param modelNames every model declared in the file, in order, whether or not it checked
 * @param models the checked models by name (absent for models with errors)
 * @param trains the checked {@code train} blocks by model name
 * @param imported the files brought in by {@code import}, transitively (saved with trained models)
 * @param facts syntax trees and inferred shapes for editors
 */
public record Compilation(SourceFile file, List<String> modelNames, Map<String, ModelIR> models,
                          Map<String, TrainConfig> trains, List<Diagnostic> diagnostics, List<SourceFile> imported,
                          Facts facts) {

    public boolean hasErrors() {
        return diagnostics.stream().anyMatch(Diagnostic::isError);
    }
}
