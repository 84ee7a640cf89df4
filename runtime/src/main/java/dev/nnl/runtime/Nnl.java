package dev.nnl.runtime;

import dev.nnl.compiler.Compilation;
import dev.nnl.compiler.Compiler;
import dev.nnl.compiler.ModelSelection;
import dev.nnl.compiler.diag.Diagnostic;
import dev.nnl.compiler.source.RegularFiles;
import dev.nnl.compiler.source.SourceFile;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The entry point of nnl's Java API: compile {@code .nnl} sources and load {@code .nnlz} models.
 *
 * <pre>{@code
 * CompiledModel model = Nnl.compile(Path.of("fashion_mlp.nnl"));
 * FitResult run = model.fit(FitOptions.defaults().withEpochs(2), new TrainingListener() {});
 * INDArray probabilities = run.model().predict(images)[0];
 * run.model().save(Path.of("fashion_mlp.nnlz"));
 * TrainedModel again = Nnl.load(Path.of("fashion_mlp.nnlz"));
 * }</pre>
 *
 * Every method reports bad input as an {@link NnlException} whose message is what the CLI would
 * print; compile errors carry their {@link Diagnostic}s.
 */
public final class Nnl {
    private Nnl() {
    }

    /**
     * Compiles a {@code .nnl} file that declares one model (imports resolve next to it).
     *
     * @throws NnlException when the file cannot be read ({@link NnlException#isIo()}), has errors,
     *     or declares no model or several
     */
    public static CompiledModel compile(Path file) throws NnlException {
        return compile(file, null);
    }

    /**
     * Compiles a {@code .nnl} file and picks the model named {@code model} (null: the only one).
     *
     * @throws NnlException when the file cannot be read, has errors, or has no such model
     */
    public static CompiledModel compile(Path file, String model) throws NnlException {
        byte[] bytes;
        try {
            bytes = RegularFiles.readSource(file);
        } catch (NoSuchFileException e) {
            throw new NnlException(file + ": no such file", true);
        } catch (IOException e) {
            throw new NnlException(file + ": cannot read: " + e.getMessage(), true);
        }
        return select(Compiler.compile(SourceFile.decode(file.toString(), file, bytes)), model);
    }

    /**
     * Compiles source text; {@code name} is the file name diagnostics show. Imports and the train
     * block's data paths resolve against the working directory.
     */
    public static CompiledModel compile(String name, String source, String model) throws NnlException {
        return select(Compiler.compile(SourceFile.of(name, source)), model);
    }

    private static CompiledModel select(Compilation c, String model) throws NnlException {
        ModelSelection.Result chosen = ModelSelection.select(c, model);
        if (c.hasErrors() || chosen.model() == null) {
            throw new NnlException(chosen.withProblem(c.diagnostics()));
        }
        return CompiledModel.of(c, chosen.model());
    }

    /**
     * Loads a model saved as {@code .nnlz} ({@code nnlc train}, {@code nnlc compile},
     * {@link TrainedModel#save}). Same as {@link TrainedModel#load}.
     */
    public static TrainedModel load(Path file) throws NnlException {
        return TrainedModel.load(file);
    }

    /**
     * Sets the number of threads nnl's math uses in this JVM (default: every processor, or
     * {@code OMP_NUM_THREADS}). Concurrent {@code predict} calls each run on their calling thread.
     */
    public static void setThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, found " + threads);
        }
        Threads.set(threads);
    }
}
