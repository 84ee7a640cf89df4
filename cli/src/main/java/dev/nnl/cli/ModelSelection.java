package dev.nnl.cli;

import dev.nnl.compiler.Compilation;
import dev.nnl.compiler.diag.Code;
import dev.nnl.compiler.diag.Diagnostic;
import dev.nnl.compiler.diag.Severity;
import dev.nnl.compiler.ir.ModelIR;
import java.util.List;

/** Picks the model a command works on: the only one, or the one {@code --model} names. */
final class ModelSelection {
    private ModelSelection() {
    }

    /** Returns the model, or null with a diagnostic describing why none could be chosen. */
    static Result select(Compilation c, String requested) {
        List<String> names = c.modelNames();
        if (requested != null) {
            if (!names.contains(requested)) {
                return failure(c, Code.UNKNOWN_MODEL, "no model named `" + requested + "`",
                        names.isEmpty() ? "the file defines no model" : "the file defines: " + String.join(", ", names));
            }
            return new Result(c.models().get(requested), null);
        }
        if (names.isEmpty()) {
            return failure(c, Code.NO_MODEL, "this file defines no model", "declare one: `model Name { input x: (784) … }`");
        }
        if (names.size() > 1) {
            return failure(c, Code.NEEDS_MODEL_CHOICE,
                    "the file defines " + names.size() + " models; choose one with --model (" + String.join(", ", names) + ")", null);
        }
        return new Result(c.models().get(names.get(0)), null);
    }

    private static Result failure(Compilation c, Code code, String message, String help) {
        return new Result(null, new Diagnostic(Severity.ERROR, code, message, c.file().span(0, 0), List.of(), help));
    }

    /** The model (null when it has errors or none could be chosen) and, if none could be chosen, why. */
    record Result(ModelIR model, Diagnostic problem) {
    }
}
