package dev.nnl.runtime.data;

import dev.nnl.compiler.check.Suggest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The error for a data file that does not exist, with the closest name in its directory
 * ("did you mean `iris.csv`?") found by the compiler's {@link Suggest}, as unknown names in a
 * model get.
 */
final class MissingFile {
    private MissingFile() {
    }

    /** @param what appended to "no such file", e.g. " (pretrained vectors for Embedding `e`)", or "" */
    static DataException error(Path file, String what) {
        String hint = suggestion(file);
        return DataException.io(file + ": no such file" + what + (hint == null ? "" : "; " + hint));
    }

    private static String suggestion(Path file) {
        Path name = file.getFileName();
        Path dir = file.toAbsolutePath().getParent();
        if (name == null || dir == null || !Files.isDirectory(dir)) {
            return null;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            List<String> names = entries.map(p -> p.getFileName().toString()).toList();
            return Suggest.didYouMean(name.toString(), names);
        } catch (IOException | SecurityException e) {
            // An unreadable directory only costs the hint; the error itself stands.
            return null;
        }
    }
}
