package dev.nnl.runtime.artifact;

import dev.nnl.runtime.data.Preprocessing;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a readable {@code meta.json} holds, checked field by field before anything uses it, so a
 * crafted or damaged artifact is refused with the field it got wrong instead of failing later
 * with an internal error or, worse, predicting with the wrong preprocessing. The checks against
 * the model its source compiles to are {@code TrainedModel.checkFits}.
 */
public final class ArtifactSchema {
    /** The largest array the JVM allocates: the weights and each optimizer buffer are one array. */
    public static final long MAX_PARAMETERS = Integer.MAX_VALUE - 8;
    private static final Set<String> KINDS = Set.of("idx", "csv", "npy", "text");

    private final Path file;

    private ArtifactSchema(Path file) {
        this.file = file;
    }

    /** Refuses the first field that is missing, of the wrong type or out of range. */
    static void check(Path file, Artifact a) throws ArtifactException {
        new ArtifactSchema(file).meta(a);
    }

    /** The parameter count the weight shapes declare; {@link #check} has bounded it by {@link #MAX_PARAMETERS}. */
    static long parameterCount(Artifact.Meta meta) {
        long n = 0;
        for (Artifact.WeightEntry w : meta.weights) {
            long size = 1;
            for (long d : w.shape()) {
                size = Math.multiplyExact(size, d);
            }
            n = Math.addExact(n, size);
        }
        return n;
    }

    private void meta(Artifact a) throws ArtifactException {
        Artifact.Meta m = a.meta;
        if (m == null || !Artifact.FORMAT.equals(m.format)) {
            throw new ArtifactException(file + ": not an .nnlz model file", false);
        }
        if (m.version > Artifact.VERSION) {
            throw new ArtifactException(file + ": written by a newer nnl (format version " + m.version + "; this nnlc reads "
                    + Artifact.VERSION + ")", false);
        }
        require(m.version >= 1, "version", m.version, "≥ 1");
        require(m.model != null && !m.model.isBlank(), "model", quote(m.model), "a model name");
        require(m.sourceFile != null && a.sources.containsKey(m.sourceFile), "sourceFile", quote(m.sourceFile),
                "the name of a source/ entry");
        weights(m.weights);
        require(m.epochs >= 0, "epochs", m.epochs, "≥ 0");
        require(m.batchSize >= 1, "batchSize", m.batchSize, "≥ 1");
        require(m.epoch >= 0, "epoch", m.epoch, "≥ 0");
        require(m.step >= 0, "step", m.step, "≥ 0");
        require(m.iterations >= 0, "iterations", m.iterations, "≥ 0");
        require(Double.isFinite(m.learningRate) && m.learningRate >= 0, "learningRate", m.learningRate, "a finite number ≥ 0");
        require(m.history != null, "history", null, "a list of per-epoch results");
        for (int i = 0; i < m.history.size(); i++) {
            numbers(m.history.get(i), "history[" + i + "]");
        }
        numbers(m.callbackState, "callbackState");
        names(m.optimizerState, "optimizerState");
        names(m.callbackArrays, "callbackArrays");
        if (m.preprocessing != null) {
            preprocessing(m.preprocessing);
        }
    }

    private void weights(List<Artifact.WeightEntry> weights) throws ArtifactException {
        require(weights != null, "weights", null, "a list of weights");
        long total = 0;
        for (int i = 0; i < weights.size(); i++) {
            Artifact.WeightEntry w = weights.get(i);
            String field = "weights[" + i + "]";
            require(w != null, field, null, "a weight");
            require(w.layer() != null, field + ".layer", null, "a layer name");
            require(w.name() != null, field + ".name", null, "a weight name");
            require(w.shape() != null, field + ".shape", null, "a list of sizes");
            long size = 1;
            for (long d : w.shape()) {
                require(d >= 0, field + ".shape", java.util.Arrays.toString(w.shape()), "sizes ≥ 0");
                size = d == 0 || size <= MAX_PARAMETERS / d ? size * d : MAX_PARAMETERS + 1;
            }
            total += size;
            require(total <= MAX_PARAMETERS, "weights", "shapes of more than " + MAX_PARAMETERS + " parameters",
                    "at most " + MAX_PARAMETERS);
        }
    }

    private void numbers(Map<String, Double> values, String field) throws ArtifactException {
        require(values != null, field, null, "an object of numbers");
        for (Map.Entry<String, Double> e : values.entrySet()) {
            require(e.getKey() != null && e.getValue() != null, field + "." + e.getKey(), null, "a number");
        }
    }

    private void names(List<String> names, String field) throws ArtifactException {
        require(names != null, field, null, "a list of names");
        require(names.size() <= ArtifactReader.MAX_ARRAYS, field, names.size() + " names", "at most " + ArtifactReader.MAX_ARRAYS);
        Set<String> seen = new HashSet<>();
        for (String n : names) {
            require(n != null && seen.add(n), field, names, "distinct names");
        }
    }

    private void preprocessing(Preprocessing p) throws ArtifactException {
        require(p.kind() != null && KINDS.contains(p.kind()), "preprocessing.kind", quote(p.kind()), "idx, csv, npy or text");
        require(Double.isFinite(p.scale()), "preprocessing.scale", p.scale(), "a finite number");
        strings(p.labelNames(), "preprocessing.labelNames");
        strings(p.vocabulary(), "preprocessing.vocabulary");
        strings(p.featureColumns(), "preprocessing.featureColumns");
        require(p.maxLength() >= 0, "preprocessing.maxLength", p.maxLength(), "≥ 0");
        require(p.window() >= 0, "preprocessing.window", p.window(), "≥ 0");
        require(p.delimiter() != null, "preprocessing.delimiter", null, "a delimiter");
        if (p.kind().equals("text")) {
            require("words".equals(p.tokens()) || "chars".equals(p.tokens()), "preprocessing.tokens", quote(p.tokens()), "words or chars");
            require(p.maxLength() >= 1, "preprocessing.maxLength", p.maxLength(), "≥ 1 for text");
        }
        require(p.means() != null && p.means().stream().allMatch(v -> v != null && Double.isFinite(v)), "preprocessing.means",
                p.means(), "a list of finite numbers");
        require(p.stds() != null && p.stds().stream().allMatch(v -> v != null && Double.isFinite(v) && v != 0), "preprocessing.stds",
                p.stds(), "a list of finite numbers other than 0");
        if (!p.means().isEmpty() || !p.stds().isEmpty()) {
            int features = p.featureColumns().size();
            require(p.means().size() == features, "preprocessing.means", p.means().size() + " values",
                    "one per feature column (" + features + ")");
            require(p.stds().size() == features, "preprocessing.stds", p.stds().size() + " values",
                    "one per feature column (" + features + ")");
        }
    }

    private void strings(List<String> values, String field) throws ArtifactException {
        require(values != null && values.stream().allMatch(v -> v != null), field, values, "a list of strings");
    }

    private void require(boolean ok, String field, Object actual, String expected) throws ArtifactException {
        if (!ok) {
            throw new ArtifactException(file + ": invalid artifact: `meta.json` field `" + field + "` is " + shorten(actual)
                    + "; expected " + expected, false);
        }
    }

    private static String quote(String s) {
        return s == null ? null : "\"" + s + "\"";
    }

    /** A value as the message shows it: whole when short, else its start (a crafted list may hold millions). */
    private static String shorten(Object actual) {
        String s = String.valueOf(actual);
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
