package dev.nnl.compiler.diff;

import dev.nnl.compiler.Compilation;
import dev.nnl.compiler.Compiler;
import dev.nnl.compiler.source.SourceFile;
import dev.nnl.compiler.diag.Diagnostic;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code nnlc diff}: the semantic diff of two compilations of a file. Needs nothing but what
 * checking produced (the IR, or the facts of a model with errors, and the diagnostics), so it
 * runs without the runtime.
 */
public final class Differ {
    private Differ() {
    }

    /**
     * Compares every model of the two files, matched by name (the only model of each file is
     * matched whatever its name), or only {@code model} when it is not null.
     */
    public static FileDiff diff(Compilation old, Compilation neu, String model) {
        return diff(old, old.diagnostics(), neu, model);
    }

    /**
     * The diff of a file that did not exist before ({@code nnlc diff --git} on a file new since the
     * revision): every model, layer and diagnostic is new.
     */
    public static FileDiff created(String oldName, Compilation neu, String model) {
        Compilation none = Compiler.compile(SourceFile.of(oldName, ""));
        return diff(none, List.of(), neu, model);
    }

    private static FileDiff diff(Compilation old, List<Diagnostic> oldDiagnostics, Compilation neu, String model) {
        List<ModelDiff> models = new ArrayList<>();
        List<String> oldNames = old.modelNames();
        List<String> newNames = neu.modelNames();
        if (model != null) {
            models.add(ModelDiffer.diff(old, model, neu, model));
        } else if (oldNames.size() == 1 && newNames.size() == 1) {
            models.add(ModelDiffer.diff(old, oldNames.get(0), neu, newNames.get(0)));
        } else {
            for (String name : newNames) {
                models.add(ModelDiffer.diff(old, name, neu, name));
            }
            for (String name : oldNames) {
                if (!newNames.contains(name)) {
                    models.add(ModelDiffer.diff(old, name, neu, name));
                }
            }
        }
        boolean identical = old.file().text().equals(neu.file().text());
        return new FileDiff(old.file().name(), neu.file().name(), identical, models,
                minus(neu.diagnostics(), oldDiagnostics), minus(oldDiagnostics, neu.diagnostics()));
    }

    /**
     * The diagnostics of {@code a} that {@code b} does not have, compared by severity, code and
     * message (not by place: a finding that only moved is the same finding), counting repeats.
     */
    private static List<Diagnostic> minus(List<Diagnostic> a, List<Diagnostic> b) {
        Map<String, Integer> counts = new HashMap<>();
        b.forEach(d -> counts.merge(key(d), 1, Integer::sum));
        List<Diagnostic> out = new ArrayList<>();
        for (Diagnostic d : a) {
            Integer n = counts.get(key(d));
            if (n == null || n == 0) {
                out.add(d);
            } else {
                counts.put(key(d), n - 1);
            }
        }
        return out;
    }

    private static String key(Diagnostic d) {
        return d.severity() + " " + d.code().id() + " " + d.message();
    }
}
