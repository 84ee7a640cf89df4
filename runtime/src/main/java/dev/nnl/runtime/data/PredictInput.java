package dev.nnl.runtime.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Reads the input of {@code nnlc predict}: IDX, NPY, CSV (features only) or text lines, prepared as in training. */
public final class PredictInput {
    private PredictInput() {
    }

    public static Dataset read(Path file, Preprocessing prep) throws DataException {
        if (!Files.exists(file)) {
            throw DataException.io(file + ": no such file");
        }
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        double scale = prep == null ? 1 : prep.scale();
        if (Files.isDirectory(file)) {
            return Idx.loadSplit(file, false, scale);
        }
        if (name.contains("idx")) {
            return Idx.load(file, null, scale);
        }
        if (name.endsWith(".npy")) {
            return DataSources.npy(List.of(file), null, scale);
        }
        if (name.endsWith(".csv")) {
            if (prep != null && prep.window() > 0) {
                throw DataException.input(file + ": this model predicts from windows of " + prep.window()
                        + " values: pass them as a .npy array of shape (n, " + prep.window() + ", 1)");
            }
            return Csv.load(file, null, true, scale, 0, prep == null ? "," : prep.delimiter(), false, prep, false).data();
        }
        if (prep == null || !prep.kind().equals("text")) {
            throw DataException.input(file + ": cannot tell the format (use .csv, .npy, an IDX file or directory"
                    + (prep != null && prep.kind().equals("text") ? ", or text lines" : "") + ")");
        }
        return Text.lines(file, prep);
    }
}
