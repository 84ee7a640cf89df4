package dev.nnl.cli;

import java.nio.file.Path;
import java.util.Locale;

/** Where `train` and `compile` write without {@code -o}: the input's file name stem, in the working directory. */
final class DefaultOutput {
    private DefaultOutput() {
    }

    /** {@code samples/Iris_MLP.nnl} and {@code .nnlz} give {@code iris_mlp.nnlz}. */
    static Path of(String file, String extension) {
        String name = Path.of(file).getFileName().toString();
        int dot = name.lastIndexOf('.');
        return Path.of((dot > 0 ? name.substring(0, dot) : name).toLowerCase(Locale.ROOT) + extension);
    }
}
