package dev.nnl.compiler.diff;

import dev.nnl.compiler.diag.Diagnostic;
import java.util.List;

/**
 * The semantic diff of two versions of an nnl file: each model's changes, and the diagnostics
 * (errors, warnings, lints) the new version has that the old did not, and those it no longer has.
 *
 * @param identicalText whether the two texts are the same, character for character
 * @param newDiagnostics in the new file's order, spans in the new file
 * @param resolvedDiagnostics in the old file's order, spans in the old file
 */
public record FileDiff(String oldName, String newName, boolean identicalText, List<ModelDiff> models,
                       List<Diagnostic> newDiagnostics, List<Diagnostic> resolvedDiagnostics) {
    public FileDiff {
        models = List.copyOf(models);
        newDiagnostics = List.copyOf(newDiagnostics);
        resolvedDiagnostics = List.copyOf(resolvedDiagnostics);
    }

    /** Whether anything changed beyond formatting and comments: what {@code nnlc diff}'s exit code says. */
    public boolean changed() {
        return models.stream().anyMatch(ModelDiff::changed) || !newDiagnostics.isEmpty() || !resolvedDiagnostics.isEmpty();
    }

    /** The sentence the renderers print when nothing changed. */
    public String noChangeSentence() {
        return identicalText ? "no semantic change: the files are identical"
                : "no semantic change: the models, train blocks and diagnostics are the same; "
                + "the text differs only in formatting, comments or how the same values are written";
    }
}
