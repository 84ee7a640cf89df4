package dev.nnl.runtime.data;

import dev.nnl.compiler.source.RegularFiles;
import dev.nnl.runtime.tensor.Tensor;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Pretrained word vectors in GloVe / word2vec text format ({@code word v1 … vd} per line; a
 * word2vec "count dim" first line is skipped), copied into an Embedding's rows for the words of
 * the training vocabulary. Words without a vector keep their initial values.
 */
public final class Pretrained {
    private Pretrained() {
    }

    /** Returns how many vocabulary words got a vector. */
    public static int load(Path file, List<String> vocabulary, Tensor table, String layer) throws DataException {
        int dim = table.last();
        int rows = (int) table.shape[0];
        Map<String, Integer> ids = new HashMap<>();
        for (int i = 2; i < Math.min(vocabulary.size(), rows); i++) {
            ids.put(vocabulary.get(i), i);
        }
        int found = 0;
        int lineNo = 0;
        try (BufferedReader r = RegularFiles.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                lineNo++;
                String[] parts = line.trim().split("\\s+");
                if (lineNo == 1 && parts.length == 2) {
                    continue;
                }
                if (parts.length < 2) {
                    continue;
                }
                if (parts.length - 1 != dim) {
                    throw DataException.input(file + ":" + lineNo + ": vectors have " + (parts.length - 1)
                            + " numbers, but Embedding `" + layer + "` has output_dim=" + dim);
                }
                Integer id = ids.get(parts[0]);
                if (id == null) {
                    continue;
                }
                for (int j = 0; j < dim; j++) {
                    table.set(id * dim + j, Numbers.finite(parts[j + 1], file + ":" + lineNo + ": the vector of `" + parts[0] + "`"));
                }
                found++;
            }
        } catch (NoSuchFileException e) {
            throw MissingFile.error(file, " (pretrained vectors for Embedding `" + layer + "`)");
        } catch (CharacterCodingException e) {
            throw DataException.input(file + ": not UTF-8 text");
        } catch (IOException e) {
            throw DataException.io(file + ": cannot read (" + e.getMessage() + ")");
        }
        return found;
    }
}
