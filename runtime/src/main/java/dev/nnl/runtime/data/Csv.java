package dev.nnl.runtime.data;

import dev.nnl.compiler.source.RegularFiles;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * CSV tables: numeric feature columns and a label column (numbers, or words mapped to class ids
 * in sorted order, as scikit-learn's LabelEncoder does), or a series cut into windows.
 */
public final class Csv {
    private Csv() {
    }

    /** Reads UTF-8 text, with a clear error for another encoding. */
    static List<String> lines(Path file) throws DataException {
        try {
            return RegularFiles.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw MissingFile.error(file, "");
        } catch (CharacterCodingException e) {
            throw DataException.input(file + ": not UTF-8 text (re-save it as UTF-8)");
        } catch (IOException e) {
            throw DataException.io(file + ": cannot read (" + e.getMessage() + ")");
        }
    }

    /** A non-blank line of the file, split into trimmed cells. */
    private record Row(int line, String[] cells) {
    }

    /**
     * @param label the label column name (null: the last column)
     * @param known the preprocessing of a trained model (eval/predict, validation and test data),
     *     or null when reading training data. Given, its feature columns are selected by name, in
     *     training order, so a file with its columns in another order still means the same
     * @param labelled false for prediction input, which has no label column
     */
    public static Loaded load(Path file, String label, boolean header, double scale, int window, String delimiter,
                              boolean standardize, Preprocessing known, boolean labelled) throws DataException {
        List<Row> rows = rows(file, delimiter);
        if (rows.isEmpty()) {
            throw DataException.input(file + ": no data rows");
        }
        boolean byName = known != null && !known.featureColumns().isEmpty() && window == 0;
        List<String> warnings = new ArrayList<>();
        String[] names;
        if (byName && trainedWithoutHeader(known)) {
            // Training named its columns by position; this file is read the same way.
            names = positionalNames(rows.get(0).cells().length);
        } else if (byName && (!header || headerless(rows.get(0).cells(), known))) {
            names = namesByPosition(file, rows.get(0).cells().length, known, labelled, warnings);
        } else if (header) {
            names = rows.remove(0).cells();
        } else {
            names = positionalNames(rows.get(0).cells().length);
        }
        for (Row r : rows) {
            if (r.cells().length != names.length) {
                throw DataException.input(file + ":" + r.line() + ": expected " + names.length + " columns, found " + r.cells().length);
            }
        }
        if (rows.isEmpty()) {
            throw DataException.input(file + ": no data rows");
        }
        List<String> nameList = List.of(names);
        int labelCol = -1;
        if (labelled || window > 0) {
            String labelName = byName && known.labelColumn() != null ? known.labelColumn() : label;
            labelCol = labelName == null ? names.length - 1 : nameList.indexOf(labelName);
            if (labelCol < 0) {
                throw DataException.input(file + ": no column `" + labelName + "` (columns: " + String.join(", ", nameList) + ")");
            }
        }
        if (window > 0) {
            return series(file, rows, labelCol, window, scale, names, delimiter);
        }
        List<Integer> featureCols = byName ? columnsByName(file, nameList, known) : otherColumns(names.length, labelCol);
        List<String> featureNames = featureCols.stream().map(nameList::get).toList();
        int n = rows.size();
        int f = featureCols.size();
        float[] x = new float[n * f];
        for (int r = 0; r < n; r++) {
            for (int k = 0; k < f; k++) {
                try {
                    x[r * f + k] = (float) (number(file, rows.get(r), featureCols.get(k), names) * scale);
                } catch (DataException e) {
                    throw known == null && label == null && labelCol >= 0 && !Numbers.isNumber(rows.get(r).cells()[featureCols.get(k)])
                            ? labelHint(e, names[featureCols.get(k)], names[labelCol]) : e;
                }
            }
        }
        float[] y = null;
        List<String> labelNames = known != null ? known.labelNames() : List.of();
        if (labelCol >= 0) {
            int col = labelCol;
            y = new float[n];
            boolean words = rows.stream().anyMatch(r -> !Numbers.isNumber(r.cells()[col]));
            if (words && labelNames.isEmpty()) {
                labelNames = new ArrayList<>(new TreeSet<>(rows.stream().map(r -> r.cells()[col]).toList()));
            }
            for (int r = 0; r < n; r++) {
                String v = rows.get(r).cells()[col];
                if (!labelNames.isEmpty()) {
                    int id = labelNames.indexOf(v);
                    if (id < 0) {
                        throw DataException.input(file + ": label `" + v + "` was not seen in training (known: " + String.join(", ", labelNames) + ")");
                    }
                    y[r] = id;
                } else {
                    y[r] = (float) number(file, rows.get(r), col, names);
                }
            }
        }
        List<Double> means = known != null ? known.means() : standardize ? columnMeans(x, f) : List.of();
        List<Double> stds = known != null ? known.stds() : standardize ? columnStds(x, f, means) : List.of();
        if (means != null && !means.isEmpty()) {
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) ((x[i] - means.get(i % f)) / stds.get(i % f));
            }
        }
        Dataset d = new Dataset(List.of(x), List.of(new long[] {f}), y, new long[0], n);
        Preprocessing p = new Preprocessing("csv", scale, labelNames, List.of(), featureNames,
                labelCol >= 0 ? names[labelCol] : known == null ? null : known.labelColumn(), null, 0, true, 0, delimiter, means == null ? List.of() : means, stds == null ? List.of() : stds);
        return new Loaded(d, p, warnings);
    }

    /** Words in a feature column of training data whose label column was left to the default: most likely the label. */
    private static DataException labelHint(DataException e, String column, String lastColumn) {
        return DataException.input(e.getMessage() + "; if `" + column + "` is the label, say csv(…, label=\"" + column
                + "\") (without label=, the last column `" + lastColumn + "` is the label)");
    }

    private static List<Row> rows(Path file, String delimiter) throws DataException {
        List<Row> rows = new ArrayList<>();
        int lineNo = 0;
        for (String line : lines(file)) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            String[] cells = line.split(Pattern.quote(delimiter), -1);
            for (int i = 0; i < cells.length; i++) {
                cells[i] = cells[i].trim();
            }
            rows.add(new Row(lineNo, cells));
        }
        return rows;
    }

    /** Names of a file without a header: column_0, column_1, … (saved as the training's feature names). */
    private static String[] positionalNames(int count) {
        String[] names = new String[count];
        for (int i = 0; i < count; i++) {
            names[i] = POSITIONAL + i;
        }
        return names;
    }

    private static final String POSITIONAL = "column_";

    /** Whether the training file had no header, so its feature names are {@link #positionalNames}. */
    private static boolean trainedWithoutHeader(Preprocessing known) {
        return known.featureColumns().stream().allMatch(c -> c.matches(POSITIONAL + "[0-9]+"));
    }

    /**
     * Whether a first row is data rather than the header the training had: it holds a number
     * and none of the training's column names.
     */
    private static boolean headerless(String[] first, Preprocessing known) {
        List<String> cells = List.of(first);
        boolean named = known.featureColumns().stream().anyMatch(cells::contains) || cells.contains(known.labelColumn());
        return !named && cells.stream().anyMatch(Numbers::isNumber);
    }

    /**
     * The names of a file without a header, for a model trained on named columns: its columns are
     * the training's features in training order when there are exactly that many (prediction
     * input only: where a label column would sit is not saved with the model), else an error.
     */
    private static String[] namesByPosition(Path file, int count, Preprocessing known, boolean labelled, List<String> warnings)
            throws DataException {
        List<String> features = known.featureColumns();
        String expected = String.join(", ", features);
        if (labelled) {
            throw DataException.input(file + ": the first row is data, not the header the model was trained with; "
                    + "add a header line naming the columns (" + expected + " and the label `" + known.labelColumn() + "`)");
        }
        if (count != features.size()) {
            throw DataException.input(file + ": the first row is data, not a header, and the file has " + count
                    + " columns where the model takes " + features.size() + " features (" + expected
                    + "); add a header line naming the columns, or give exactly those " + features.size() + " columns in that order");
        }
        warnings.add(file + " has no header line: its " + count + " columns are taken by position as " + expected);
        return features.toArray(String[]::new);
    }

    /** The columns of the training's features, in training order; an error lists any the file lacks. */
    private static List<Integer> columnsByName(Path file, List<String> names, Preprocessing known) throws DataException {
        List<Integer> cols = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String feature : known.featureColumns()) {
            int c = names.indexOf(feature);
            if (c < 0) {
                missing.add(feature);
            }
            cols.add(c);
        }
        if (!missing.isEmpty()) {
            boolean positional = trainedWithoutHeader(known);
            throw DataException.input(file + ": " + (positional
                    ? names.size() + " columns, but the model was trained on " + known.featureColumns().size()
                            + " feature columns (taken by position: the training file had no header)"
                    : "no column" + (missing.size() == 1 ? " " : "s ") + String.join(", ", missing.stream().map(m -> "`" + m + "`").toList())
                            + ", which the model was trained on (its features: " + String.join(", ", known.featureColumns())
                            + "; this file has: " + String.join(", ", names) + ")"));
        }
        return cols;
    }

    /** Every column but the label's, in file order (training data). */
    private static List<Integer> otherColumns(int count, int labelCol) {
        List<Integer> cols = new ArrayList<>();
        for (int c = 0; c < count; c++) {
            if (c != labelCol) {
                cols.add(c);
            }
        }
        return cols;
    }

    /** A series: window w of values → the next value (both scaled), in time order. */
    private static Loaded series(Path file, List<Row> rows, int col, int window, double scale, String[] names,
                                 String delimiter) throws DataException {
        int n = rows.size() - window;
        if (n <= 0) {
            throw DataException.input(file + ": " + rows.size() + " rows cannot make windows of " + window + " plus a target");
        }
        double[] s = new double[rows.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = number(file, rows.get(i), col, names) * scale;
        }
        float[] x = new float[n * window];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < window; k++) {
                x[i * window + k] = (float) s[i + k];
            }
            y[i] = (float) s[i + window];
        }
        Dataset d = new Dataset(List.of(x), List.of(new long[] {window, 1}), y, new long[0], n);
        return new Loaded(d, new Preprocessing("csv", scale, List.of(), List.of(), List.of(), names[col], null, 0, true, window,
                delimiter, List.of(), List.of()));
    }

    private static List<Double> columnMeans(float[] x, int f) {
        double[] sum = new double[f];
        for (int i = 0; i < x.length; i++) {
            sum[i % f] += x[i];
        }
        List<Double> out = new ArrayList<>();
        for (double s : sum) {
            out.add(s / (x.length / f));
        }
        return out;
    }

    /** Population standard deviations (as scikit-learn's StandardScaler); a constant column keeps scale 1. */
    private static List<Double> columnStds(float[] x, int f, List<Double> means) {
        double[] sq = new double[f];
        for (int i = 0; i < x.length; i++) {
            double d = x[i] - means.get(i % f);
            sq[i % f] += d * d;
        }
        List<Double> out = new ArrayList<>();
        for (double s : sq) {
            double std = Math.sqrt(s / (x.length / f));
            out.add(std > 0 ? std : 1.0);
        }
        return out;
    }

    private static double number(Path file, Row row, int col, String[] names) throws DataException {
        return Numbers.finite(row.cells()[col], file + ":" + row.line() + ": column `" + names[col] + "`");
    }
}
