package dev.nnl.runtime.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Reads the input of {@code nnlc predict}: IDX, NPY, CSV (features only, selected by the training's
 * column names) or text lines, prepared as in training.
 */
public final class PredictInput {
    private PredictInput() {
    }

    public static Loaded read(Path file, Preprocessing prep) throws DataException {
        if (!Files.exists(file)) {
            throw MissingFile.error(file, "");
        }
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        double scale = prep == null ? 1 : prep.scale();
        if (Files.isDirectory(file)) {
            return new Loaded(Idx.loadSplit(file, false, scale), Preprocessing.simple("idx", scale));
        }
        if (name.contains("idx")) {
            return new Loaded(Idx.load(file, null, scale), Preprocessing.simple("idx", scale));
        }
        if (name.endsWith(".npy")) {
            return new Loaded(DataSources.npy(List.of(file), null, scale), Preprocessing.simple("npy", scale));
        }
        if (name.endsWith(".csv")) {
            if (prep != null && prep.window() > 0) {
                throw DataException.input(file + ": this model predicts from windows of " + prep.window()
                        + " values: pass them as a .npy array of shape (n, " + prep.window() + ", 1)");
            }
            return Csv.load(file, null, true, scale, 0, prep == null ? "," : prep.delimiter(), false, prep, false);
        }
        if (prep == null || !prep.kind().equals("text")) {
            throw DataException.input(file + ": cannot tell the format (use .csv, .npy, an IDX file or directory"
                    + (prep != null && prep.kind().equals("text") ? ", or text lines" : "") + ")");
        }
        return new Loaded(Text.lines(file, prep), prep);
    }
}
