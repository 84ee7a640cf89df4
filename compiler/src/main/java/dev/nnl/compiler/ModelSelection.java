package dev.nnl.compiler;

import dev.nnl.compiler.check.Suggest;
import dev.nnl.compiler.diag.Code;
import dev.nnl.compiler.diag.Diagnostics;
import dev.nnl.compiler.diag.Diagnostic;
import dev.nnl.compiler.diag.Severity;
import dev.nnl.compiler.ir.ModelIR;
import java.util.ArrayList;
import java.util.List;

/**
 * Picks the model a command ({@code summary}, {@code train}) works on: the only one, or the one
 * {@code --model} names. It lives in the compiler so its diagnostics are pinned by the golden
 * tests like every other.
 */
public final class ModelSelection {
    private ModelSelection() {
    }

    /** Returns the model, or null with a diagnostic describing why none could be chosen. */
    public static Result select(Compilation c, String requested) {
        List<String> names = c.modelNames();
        if (requested != null) {
            if (!names.contains(requested)) {
                String help = Suggest.didYouMean(requested, names);
                return failure(c, Code.UNKNOWN_MODEL, help != null ? help
                        : names.isEmpty() ? "the file defines no model" : "the file defines: " + String.join(", ", names), requested);
            }
            return new Result(c.models().get(requested), null);
        }
        if (names.isEmpty()) {
            return failure(c, Code.NO_MODEL, "declare one: `model Name { input x: (784) … }`");
        }
        if (names.size() > 1) {
            return failure(c, Code.NEEDS_MODEL_CHOICE, "e.g. `--model " + names.get(0) + "`", names.size(), String.join(", ", names));
        }
        return new Result(c.models().get(names.get(0)), null);
    }

    /** An error (whatever the code's default severity: the command cannot go on) at the top of the file. */
    private static Result failure(Compilation c, Code code, String help, Object... args) {
        Diagnostics d = new Diagnostics();
        d.report(code, c.file().span(0, 0), args).severity(Severity.ERROR).help(help).emit();
        return new Result(null, d.all().get(0));
    }

    /** The model (null when it has errors or none could be chosen) and, if none could be chosen, why. */
    public record Result(ModelIR model, Diagnostic problem) {
        /** {@code diagnostics} with the problem (if any) added, replacing the same finding reported as a warning. */
        public List<Diagnostic> withProblem(List<Diagnostic> diagnostics) {
            List<Diagnostic> all = new ArrayList<>(diagnostics);
            if (problem != null) {
                all.removeIf(d -> d.code() == problem.code());
                all.add(problem);
            }
            return all;
        }
    }
}
