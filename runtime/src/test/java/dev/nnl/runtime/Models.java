package dev.nnl.runtime;

import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.nnl.compiler.Compilation;
import dev.nnl.compiler.diag.Diagnostic;
import dev.nnl.compiler.ir.ModelIR;
import dev.nnl.compiler.source.SourceFile;

/** Compiles test models from source text. */
public final class Models {
    private Models() {
    }

    public static Compilation compile(String source) {
        Compilation c = dev.nnl.compiler.Compiler.compile(SourceFile.of("test.nnl", source));
        assertFalse(c.hasErrors(), () -> "test model has errors: " + c.diagnostics().stream().map(Diagnostic::message).toList()
                + "\n" + source);
        return c;
    }

    public static ModelIR model(String source) {
        return compile(source).models().values().iterator().next();
    }
}
