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
            throw DataException.io(file + ": no such file");
        } catch (CharacterCodingException e) {
            throw DataException.input(file + ": not UTF-8 text (re-save it as UTF-8)");
        } catch (IOException e) {
            throw DataException.io(file + ": cannot read (" + e.getMessage() + ")");
        }
    }

    /**
     * @param label the label column name (null: the last column)
     * @param known the preprocessing of a trained model (eval/predict), or null when training
     * @param labelled false for prediction input, which has no label column
     */
    public static Loaded load(Path file, String label, boolean header, double scale, int window, String delimiter,
                              boolean standardize, Preprocessing known, boolean labelled) throws DataException {
        List<String[]> rows = new ArrayList<>();
        String[] names = null;
        int lineNo = 0;
        for (String line : lines(file)) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            String[] cells = line.split(java.util.regex.Pattern.quote(delimiter), -1);
            for (int i = 0; i < cells.length; i++) {
                cells[i] = cells[i].trim();
            }
            if (names == null && header) {
                names = cells;
                continue;
            }
            if (!rows.isEmpty() && cells.length != rows.get(0).length || names != null && cells.length != names.length) {
                throw DataException.input(file + ":" + lineNo + ": expected " + (names != null ? names.length : rows.get(0).length)
                        + " columns, found " + cells.length);
            }
            rows.add(cells);
        }
        if (rows.isEmpty()) {
            throw DataException.input(file + ": no data rows");
        }
        int cols = rows.get(0).length;
        if (names == null) {
            names = new String[cols];
            for (int i = 0; i < cols; i++) {
                names[i] = "column_" + i;
            }
        }
        List<String> nameList = List.of(names);
        int labelCol;
        if (!labelled && window == 0) {
            labelCol = -1;
        } else if (label == null) {
            labelCol = cols - 1;
        } else {
            labelCol = nameList.indexOf(label);
            if (labelCol < 0) {
                throw DataException.input(file + ": no column `" + label + "` (columns: " + String.join(", ", nameList) + ")");
            }
        }
        if (window > 0) {
            return series(file, rows, labelCol, window, scale, nameList, delimiter);
        }
        List<Integer> featureCols = new ArrayList<>();
        List<String> featureNames = new ArrayList<>();
        for (int c = 0; c < cols; c++) {
            if (c != labelCol && (known == null || known.featureColumns().isEmpty() || known.featureColumns().contains(names[c]))) {
                featureCols.add(c);
                featureNames.add(names[c]);
            }
        }
        int n = rows.size();
        float[] x = new float[n * featureCols.size()];
        for (int r = 0; r < n; r++) {
            for (int k = 0; k < featureCols.size(); k++) {
                x[r * featureCols.size() + k] = (float) (number(file, rows.get(r)[featureCols.get(k)], r, names[featureCols.get(k)], header) * scale);
            }
        }
        float[] y = null;
        List<String> labelNames = known != null ? known.labelNames() : List.of();
        if (labelCol >= 0) {
            y = new float[n];
            boolean words = rows.stream().anyMatch(r -> !isNumber(r[labelCol]));
            if (words && labelNames.isEmpty()) {
                labelNames = new ArrayList<>(new TreeSet<>(rows.stream().map(r -> r[labelCol]).toList()));
            }
            for (int r = 0; r < n; r++) {
                String v = rows.get(r)[labelCol];
                if (!labelNames.isEmpty()) {
                    int id = labelNames.indexOf(v);
                    if (id < 0) {
                        throw DataException.input(file + ": label `" + v + "` was not seen in training (known: " + String.join(", ", labelNames) + ")");
                    }
                    y[r] = id;
                } else {
                    y[r] = (float) number(file, v, r, names[labelCol], header);
                }
            }
        }
        int f = featureCols.size();
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
        return new Loaded(d, p);
    }

    /** A series: window w of values → the next value (both scaled), in time order. */
    private static Loaded series(Path file, List<String[]> rows, int col, int window, double scale, List<String> names,
                                 String delimiter) throws DataException {
        int n = rows.size() - window;
        if (n <= 0) {
            throw DataException.input(file + ": " + rows.size() + " rows cannot make windows of " + window + " plus a target");
        }
        double[] s = new double[rows.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = number(file, rows.get(i)[col], i, names.get(col), true) * scale;
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
        return new Loaded(d, new Preprocessing("csv", scale, List.of(), List.of(), List.of(), names.get(col), null, 0, true, window,
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

    private static boolean isNumber(String s) {
        try {
            Double.parseDouble(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static double number(Path file, String s, int row, String column, boolean header) throws DataException {
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw DataException.input(file + ":" + (row + (header ? 2 : 1)) + ": column `" + column + "` needs a number, found `" + s + "`");
        }
    }
}
