package dev.nnl.runtime.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Labelled text in a TSV file (a header names the text and label columns): tokens are words
 * (lowercased, punctuation stripped, as Keras's TextVectorization does by default) or
 * characters; ids 0 and 1 are padding and unknown, then the most frequent tokens; sequences are
 * padded or truncated at the end to max_length.
 */
public final class Text {
    private Text() {
    }

    public static Loaded load(Path file, String label, String tokens, int maxLength, Integer vocabSize, boolean lowercase,
                              Preprocessing known, boolean labelled) throws DataException {
        List<String> texts = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        List<String> lines = Csv.lines(file);
        if (lines.isEmpty()) {
            throw DataException.input(file + ": empty file");
        }
        String[] header = lines.get(0).split("\t", -1);
        int labelCol = List.of(header).indexOf(label);
        if (labelled && labelCol < 0) {
            throw DataException.input(file + ": no column `" + label + "` in the header (" + String.join(", ", header) + ")");
        }
        int textCol = labelCol == 0 ? 1 : 0;
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            String[] cells = lines.get(i).split("\t", -1);
            if (cells.length != header.length) {
                throw DataException.input(file + ":" + (i + 1) + ": expected " + header.length + " tab-separated columns, found " + cells.length);
            }
            texts.add(cells[textCol]);
            if (labelCol >= 0) {
                labels.add(cells[labelCol].trim());
            }
        }
        if (texts.isEmpty()) {
            throw DataException.input(file + ": no data rows");
        }
        List<List<String>> tokenized = new ArrayList<>();
        for (String t : texts) {
            tokenized.add(tokenize(t, tokens, lowercase));
        }
        List<String> vocab = known != null ? known.vocabulary() : vocabulary(tokenized, vocabSize);
        Map<String, Integer> ids = new HashMap<>();
        for (int i = 0; i < vocab.size(); i++) {
            ids.put(vocab.get(i), i);
        }
        int n = texts.size();
        float[] x = new float[n * maxLength];
        for (int r = 0; r < n; r++) {
            List<String> toks = tokenized.get(r);
            for (int k = 0; k < Math.min(maxLength, toks.size()); k++) {
                x[r * maxLength + k] = ids.getOrDefault(toks.get(k), 1);
            }
        }
        List<String> labelNames = known != null ? known.labelNames() : new ArrayList<>(new TreeSet<>(labels));
        float[] y = null;
        if (!labels.isEmpty()) {
            y = new float[n];
            for (int r = 0; r < n; r++) {
                int id = labelNames.indexOf(labels.get(r));
                if (id < 0) {
                    throw DataException.input(file + ": label `" + labels.get(r) + "` was not seen in training (known: "
                            + String.join(", ", labelNames) + ")");
                }
                y[r] = id;
            }
        }
        Dataset d = new Dataset(List.of(x), List.of(new long[] {maxLength}), y, new long[0], n);
        return new Loaded(d, new Preprocessing("text", 1, labelNames, vocab, List.of(), label, tokens, maxLength, lowercase, 0, "\t",
                List.of(), List.of()));
    }

    /** Texts to predict on: one per line, or a TSV with a header that names the text column. */
    public static Dataset lines(Path file, Preprocessing prep) throws DataException {
        List<String> lines = Csv.lines(file);
        List<String> texts = new ArrayList<>();
        int col = -1;
        if (!lines.isEmpty() && lines.get(0).contains("\t")) {
            List<String> header = List.of(lines.get(0).split("\t", -1));
            int labelCol = header.indexOf(prep.labelColumn());
            col = labelCol == 0 ? 1 : 0;
            lines = lines.subList(1, lines.size());
        }
        for (String l : lines) {
            if (!l.isBlank()) {
                texts.add(col < 0 ? l : l.split("\t", -1)[col]);
            }
        }
        if (texts.isEmpty()) {
            throw DataException.input(file + ": no texts");
        }
        Map<String, Integer> ids = new HashMap<>();
        for (int i = 0; i < prep.vocabulary().size(); i++) {
            ids.put(prep.vocabulary().get(i), i);
        }
        int max = prep.maxLength();
        float[] x = new float[texts.size() * max];
        for (int r = 0; r < texts.size(); r++) {
            List<String> toks = tokenize(texts.get(r), prep.tokens(), prep.lowercase());
            for (int k = 0; k < Math.min(max, toks.size()); k++) {
                x[r * max + k] = ids.getOrDefault(toks.get(k), 1);
            }
        }
        return new Dataset(List.of(x), List.of(new long[] {max}), null, new long[0], texts.size());
    }

    static List<String> tokenize(String text, String tokens, boolean lowercase) {
        String t = lowercase ? text.toLowerCase(Locale.ROOT) : text;
        List<String> out = new ArrayList<>();
        if (tokens.equals("chars")) {
            t.codePoints().forEach(cp -> out.add(new String(Character.toChars(cp))));
            return out;
        }
        for (String w : t.replaceAll("[^\\p{L}\\p{N}'\\s]", " ").split("\\s+")) {
            if (!w.isEmpty()) {
                out.add(w);
            }
        }
        return out;
    }

    /** "" (padding), "[UNK]", then tokens by descending frequency (ties alphabetical), capped. */
    static List<String> vocabulary(List<List<String>> docs, Integer vocabSize) {
        Map<String, Integer> counts = new HashMap<>();
        for (List<String> d : docs) {
            for (String t : d) {
                counts.merge(t, 1, Integer::sum);
            }
        }
        List<String> sorted = new ArrayList<>(counts.keySet());
        sorted.sort((a, b) -> counts.get(b).equals(counts.get(a)) ? a.compareTo(b) : counts.get(b) - counts.get(a));
        List<String> vocab = new ArrayList<>(List.of("", "[UNK]"));
        for (String s : sorted) {
            if (vocabSize != null && vocab.size() >= vocabSize) {
                break;
            }
            vocab.add(s);
        }
        return vocab;
    }
}
