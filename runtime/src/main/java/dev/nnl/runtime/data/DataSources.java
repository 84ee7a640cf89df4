package dev.nnl.runtime.data;

import dev.nnl.compiler.ir.InputNode;
import dev.nnl.compiler.ir.ModelIR;
import dev.nnl.compiler.ir.Shape;
import dev.nnl.compiler.layers.LayerArgs;
import dev.nnl.compiler.train.TrainConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Resolves a {@code train} block's data source (idx, csv, npy, text), optionally overridden by
 * {@code --data PATH}, loads it, and checks it fits the model's inputs and output.
 */
public final class DataSources {
    private DataSources() {
    }

    /**
     * Loads training data, or evaluation data ({@code train=false}: an IDX directory's t10k
     * split). Paths in the train block are relative to the .nnl file's directory; {@code --data}
     * is relative to the working directory.
     *
     * @param known the saved preprocessing of a trained model, or null when training
     */
    public static Loaded load(TrainConfig.Configured source, String override, Path baseDir, boolean train, Preprocessing known)
            throws DataException {
        if (source == null && override == null) {
            throw DataException.input("no data: the train block has no `data = …` and no --data PATH was given");
        }
        String kind = source == null ? null : source.name();
        LayerArgs a = source == null ? null : source.args();
        Path path;
        if (override != null) {
            path = Path.of(override);
            String guessed = guessKind(path);
            if (!guessed.equals(kind)) {
                kind = guessed;
                a = null;
            }
        } else {
            Object p = a.get(kind.equals("npy") ? "x" : "path");
            String first = p instanceof List<?> l ? (String) l.get(0) : (String) p;
            path = baseDir.resolve(first);
        }
        switch (kind) {
            case "idx" -> {
                double scale = a == null ? 1 : a.getDouble("scale");
                Dataset d;
                if (Files.isDirectory(path)) {
                    d = Idx.loadSplit(path, train, scale);
                } else {
                    Object labels = a == null ? null : a.get("labels");
                    d = Idx.load(path, labels == null ? null : baseDir.resolve((String) labels), scale);
                }
                return new Loaded(d, Preprocessing.simple("idx", scale));
            }
            case "csv" -> {
                String label = a == null ? null : (String) a.get("label");
                boolean header = a == null || a.getBool("header");
                double scale = a == null ? 1 : a.getDouble("scale");
                Object w = a == null ? null : a.get("window");
                String delimiter = a == null ? "," : a.getString("delimiter");
                boolean standardize = a != null && a.getBool("standardize");
                return Csv.load(path, label, header, scale, w == null ? 0 : ((Long) w).intValue(), delimiter, standardize, known, true);
            }
            case "npy" -> {
                List<Path> xs = new ArrayList<>();
                if (override != null) {
                    xs.add(path);
                } else {
                    for (Object o : (List<?>) a.get("x")) {
                        xs.add(baseDir.resolve((String) o));
                    }
                }
                Object y = a == null ? null : a.get("y");
                double scale = a == null ? 1 : a.getDouble("scale");
                return new Loaded(npy(xs, y == null ? null : baseDir.resolve((String) y), scale), Preprocessing.simple("npy", scale));
            }
            case "text" -> {
                String label = a == null ? "label" : a.getString("label");
                String tokens = a == null ? "words" : a.getString("tokens");
                int maxLength = a == null ? 100 : a.getInt("max_length");
                Object v = a == null ? null : a.get("vocab_size");
                boolean lower = a == null || a.getBool("lowercase");
                return Text.load(path, label, tokens, maxLength, v == null ? null : ((Long) v).intValue(), lower, known, true);
            }
            default -> throw DataException.input("unknown data source " + kind);
        }
    }

    /**
     * Whether the data has its own test split: an MNIST-style directory (t10k-* beside train-*),
     * named by {@code --data} or by an {@code idx(…)} source. Other data is evaluated on its
     * held-out validation part.
     */
    public static boolean hasTestSplit(TrainConfig.Configured source, String override, Path baseDir) {
        if (override != null) {
            return Files.isDirectory(Path.of(override));
        }
        return source != null && source.name().equals("idx") && Files.isDirectory(baseDir.resolve(source.args().getString("path")));
    }

    static String guessKind(Path p) {
        String name = p.getFileName() == null ? "" : p.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        if (Files.isDirectory(p) || name.contains("idx")) {
            return "idx";
        }
        if (name.endsWith(".csv")) {
            return "csv";
        }
        if (name.endsWith(".npy")) {
            return "npy";
        }
        return "text";
    }

    static Dataset npy(List<Path> xs, Path y, double scale) throws DataException {
        List<float[]> features = new ArrayList<>();
        List<long[]> shapes = new ArrayList<>();
        int n = -1;
        for (Path x : xs) {
            Npy.Array arr = Npy.read(x);
            if (n >= 0 && arr.rows() != n) {
                throw DataException.input(x + ": " + arr.rows() + " samples, but " + xs.get(0) + " has " + n);
            }
            n = arr.rows();
            float[] v = arr.values();
            if (scale != 1) {
                for (int i = 0; i < v.length; i++) {
                    v[i] = (float) (v[i] * scale);
                }
            }
            features.add(v);
            shapes.add(arr.sampleShape());
        }
        float[] labels = null;
        long[] labelShape = new long[0];
        if (y != null) {
            Npy.Array arr = Npy.read(y);
            if (arr.rows() != n) {
                throw DataException.input(y + ": " + arr.rows() + " labels for " + n + " samples");
            }
            labels = arr.values();
            labelShape = arr.sampleShape();
        }
        return new Dataset(features, shapes, labels, labelShape, n);
    }

    /**
     * Checks the data against the model: one feature array per input with the input's shape
     * ((28, 28) images feed a (28, 28, 1) input: the channel axis is added), labels that fit the
     * output and the loss. Returns the data with shapes adapted.
     */
    public static Dataset fit(Dataset d, ModelIR model, String loss, String source) throws DataException {
        return fit(d, null, model, loss, source);
    }

    /** {@link #fit(Dataset, ModelIR, String, String)} whose messages also name the CSV columns and label classes read. */
    public static Dataset fit(Loaded loaded, ModelIR model, String loss, String source) throws DataException {
        return fit(loaded.data(), loaded.prep(), model, loss, source);
    }

    private static Dataset fit(Dataset d, Preprocessing prep, ModelIR model, String loss, String source) throws DataException {
        List<InputNode> inputs = model.inputs();
        if (d.features().size() != inputs.size()) {
            throw DataException.input(source + ": the model has " + inputs.size() + " inputs ("
                    + String.join(", ", inputs.stream().map(InputNode::name).toList()) + ") but the data has "
                    + d.features().size() + " feature arrays");
        }
        if (d.size() == 0) {
            throw DataException.input(source + ": no samples");
        }
        List<long[]> shapes = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            Shape want = inputs.get(i).shape();
            long[] have = d.featureShapes().get(i);
            long[] adapted = adapt(have, want);
            if (adapted == null) {
                throw DataException.input(source + ": samples of shape " + Arrays.toString(have).replace('[', '(').replace(']', ')')
                        + " do not fit input `" + inputs.get(i).name() + "` of shape " + want.toString().replace("None, ", "")
                        + columns(prep, d.labels() != null));
            }
            shapes.add(adapted);
        }
        if (d.labels() != null) {
            checkLabels(d, model, loss, source, prep == null ? List.of() : prep.labelNames());
        }
        return new Dataset(d.features(), shapes, d.labels(), d.labelShape(), d.size(), d.first());
    }

    /**
     * For a feature-count mismatch on a CSV table: the columns taken as features and the label
     * column, so the user sees which one is extra or missing; "" for other data.
     */
    private static String columns(Preprocessing prep, boolean labelled) {
        if (prep == null || !prep.kind().equals("csv") || prep.window() > 0) {
            return "";
        }
        List<String> features = prep.featureColumns();
        return ": the features are the " + features.size() + " column" + (features.size() == 1 ? "" : "s") + " "
                + String.join(", ", features) + (labelled && prep.labelColumn() != null
                        ? " and the label is `" + prep.labelColumn() + "` (csv(…, label=NAME) names the label column; by default it is the last)"
                        : "");
    }

    /** The data shape, or the model's when only a trailing channel axis of 1 is missing; null if they do not fit. */
    private static long[] adapt(long[] have, Shape want) {
        long[] w = want.dims();
        if (matches(have, w)) {
            return have;
        }
        if (w.length == have.length + 1 && w[w.length - 1] == 1 && matches(have, Arrays.copyOf(w, have.length))) {
            long[] withChannel = Arrays.copyOf(have, have.length + 1);
            withChannel[have.length] = 1;
            return withChannel;
        }
        return null;
    }

    private static boolean matches(long[] have, long[] want) {
        if (have.length != want.length) {
            return false;
        }
        for (int i = 0; i < have.length; i++) {
            if (want[i] != Shape.NONE && want[i] != have[i]) {
                return false;
            }
        }
        return true;
    }

    private static void checkLabels(Dataset d, ModelIR model, String loss, String source, List<String> labelNames) throws DataException {
        long units = model.outputs().get(0).shape().last();
        boolean ids = loss.equals("sparse_categorical_crossentropy") || loss.equals("categorical_crossentropy") && d.labelShape().length == 0;
        if (ids) {
            if (labelNames.size() > units) {
                throw DataException.input(source + ": the labels hold " + classes(labelNames) + ", but the output has "
                        + units + " unit" + (units == 1 ? "" : "s") + "; use `Dense(" + labelNames.size() + ", activation=softmax)` as the output layer");
            }
            for (float v : d.labels()) {
                if (v != Math.rint(v) || v < 0 || v >= units) {
                    throw DataException.input(source + ": label " + (v == Math.rint(v) ? Long.toString((long) v) : Float.toString(v))
                            + " is not a class id of the output (" + units + " units: ids 0.." + (units - 1) + ")");
                }
            }
        } else if (loss.equals("binary_crossentropy")) {
            if (labelNames.size() > 2) {
                throw DataException.input(source + ": binary_crossentropy needs 2 classes, but the labels hold " + classes(labelNames)
                        + "; for " + labelNames.size() + " classes use loss = sparse_categorical_crossentropy with `Dense("
                        + labelNames.size() + ", activation=softmax)` as the output layer");
            }
            for (float v : d.labels()) {
                if (v < 0 || v > 1) {
                    throw DataException.input(source + ": binary_crossentropy needs labels in [0, 1], found " + v);
                }
            }
        }
    }

    /** "3 classes (setosa, versicolor, virginica)": label words as read, in id order. */
    private static String classes(List<String> labelNames) {
        return labelNames.size() + " classes (" + String.join(", ", labelNames) + ")";
    }
}
