package dev.nnl.runtime;

import com.google.gson.Gson;
import dev.nnl.runtime.data.Npy;
import dev.nnl.runtime.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A model's outputs on a file of inputs ({@link TrainedModel#predictions}), decoded as the
 * {@code train} block's loss says: a categorical cross-entropy output is class probabilities and
 * its prediction the most likely class; a one-column binary cross-entropy output is the
 * probability of class 1, predicted when above 0.5. Classes are named by the label names
 * training recorded, else by their ids. Other outputs are values, with no prediction.
 *
 * <p>The text formats show the first model output; {@link #writeNpy} writes every output whole.
 */
public final class Predictions {
    /** How {@link #render} writes them: what {@code nnlc predict --format} takes. */
    public enum Format {
        /** A header line, then per sample the prediction (when classes) and each output value. */
        CSV,
        /** One JSON object per sample: {@code prediction} (when classes) and {@code probabilities} or {@code output}. */
        JSON,
        /** Every model output as a NumPy file ({@link #writeNpy}); binary, so only to files. */
        NPY
    }

    /**
     * One model output over all samples.
     *
     * @param name   its name as {@code compile --format samediff} names the output variable
     * @param shape  the batch axis (samples) first, then the output's shape
     * @param values C-ordered
     */
    public record Output(String name, long[] shape, float[] values) {
    }

    private final List<Output> all;
    private final float[][] outputs;
    private final List<String> labelNames;
    private final boolean classes;
    private final boolean binary;

    Predictions(List<Output> all, String loss, List<String> labelNames) {
        this.all = List.copyOf(all);
        this.outputs = rows(all.get(0));
        this.labelNames = labelNames;
        this.classes = loss.endsWith("categorical_crossentropy");
        this.binary = loss.equals("binary_crossentropy") && outputs.length > 0 && outputs[0].length == 1;
    }

    /** The first model output, one row per sample in input order. */
    public float[][] outputs() {
        return outputs;
    }

    /** Every model output, in the order the model declares them. */
    public List<Output> all() {
        return all;
    }

    /** Whether the outputs are class probabilities, so each sample has a {@link #labels label}. */
    public boolean classes() {
        return classes || binary;
    }

    /** The predicted class of each sample, by label name or id; empty when the outputs are not {@link #classes}. */
    public List<String> labels() {
        if (!classes()) {
            return List.of();
        }
        List<String> labels = new ArrayList<>(outputs.length);
        for (float[] row : outputs) {
            labels.add(label(row));
        }
        return Collections.unmodifiableList(labels);
    }

    /**
     * The predictions as {@code nnlc predict} writes them.
     *
     * @throws IllegalArgumentException for {@link Format#NPY}, which is binary and one file per output ({@link #writeNpy})
     */
    public String render(Format format) {
        if (format == Format.NPY) {
            throw new IllegalArgumentException("npy is written to files, with writeNpy");
        }
        StringBuilder sb = new StringBuilder();
        if (format == Format.CSV) {
            sb.append(header()).append('\n');
        }
        Gson gson = new Gson();
        for (float[] row : outputs) {
            String label = classes() ? label(row) : null;
            if (format == Format.CSV) {
                List<String> cells = new ArrayList<>();
                if (label != null) {
                    cells.add(label);
                }
                for (float v : row) {
                    cells.add(String.format(Locale.ROOT, "%.6g", v));
                }
                sb.append(String.join(",", cells)).append('\n');
            } else {
                Map<String, Object> o = new LinkedHashMap<>();
                if (label != null) {
                    o.put("prediction", label);
                }
                o.put(classes() ? "probabilities" : "output", row);
                sb.append(gson.toJson(o)).append('\n');
            }
        }
        return sb.toString();
    }

    /**
     * Writes {@link #render} to {@code file}, atomically; {@link Format#NPY} writes {@link #writeNpy}.
     *
     * @return the files written: {@code file}, or for npy one per output
     * @throws NnlException an I/O error when the file cannot be written; the message names it
     */
    public List<Path> write(Path file, Format format) throws NnlException {
        if (format == Format.NPY) {
            return writeNpy(file);
        }
        try {
            AtomicFiles.write(file, render(format).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new NnlException("cannot write " + file + ": " + e.getMessage(), true);
        }
        return List.of(file);
    }

    /**
     * Writes every output as a NumPy file (format 1.0, little-endian float32, C order, the batch
     * axis first): {@code file} itself for a model with one output, else one file per output
     * named as {@link #npyFiles} says. All of them are written, or none: each goes to a temporary
     * file first, and they replace their targets only once every one is complete.
     *
     * @return the files written, in output order
     * @throws NnlException an I/O error when a file cannot be written; the message names it
     */
    public List<Path> writeNpy(Path file) throws NnlException {
        List<Path> files = npyFiles(file, all.stream().map(Output::name).toList());
        Map<Path, AtomicFiles.Content> contents = new LinkedHashMap<>();
        Map<Path, Output> written = new LinkedHashMap<>();
        for (int i = 0; i < files.size(); i++) {
            Output o = all.get(i);
            Output same = written.putIfAbsent(files.get(i), o);
            if (same != null && !(Arrays.equals(same.shape(), o.shape()) && Arrays.equals(same.values(), o.values()))) {
                // Output i of layer L is named L_i, which can be another layer's name (SameDiffExport.outputNames).
                throw new NnlException("two different outputs are both named `" + o.name() + "`, so both would be written to "
                        + files.get(i) + "; rename one of the layers with name=...", false);
            }
            contents.put(files.get(i), out -> Npy.write(out, o.shape(), o.values()));
        }
        try {
            AtomicFiles.writeAll(contents);
        } catch (AtomicFiles.Failed e) {
            throw new NnlException("cannot write " + e.target() + ": " + e.getMessage(), true);
        }
        return files;
    }

    /**
     * Where {@link #writeNpy} writes the outputs named {@code names}: {@code file} for one output;
     * for several, {@code STEM_<name>.npy} beside it, where STEM is the file name without a
     * {@code .npy} ending ({@code out.npy} gives {@code out_bi.npy}, {@code out_bi_1.npy}, ...).
     */
    public static List<Path> npyFiles(Path file, List<String> names) {
        if (names.size() == 1) {
            return List.of(file);
        }
        String name = file.getFileName().toString();
        String stem = name.toLowerCase(Locale.ROOT).endsWith(".npy") && name.length() > 4 ? name.substring(0, name.length() - 4) : name;
        return names.stream().map(n -> file.resolveSibling(stem + "_" + n + ".npy")).toList();
    }

    private static float[][] rows(Output o) {
        int n = (int) o.shape()[0];
        int per = n == 0 ? 0 : o.values().length / n;
        float[][] rows = new float[n][];
        for (int r = 0; r < n; r++) {
            rows[r] = Arrays.copyOfRange(o.values(), r * per, (r + 1) * per);
        }
        return rows;
    }

    private String label(float[] row) {
        return name(binary ? (row[0] > 0.5 ? 1 : 0) : argmax(row));
    }

    private String header() {
        int width = outputs.length == 0 ? 0 : outputs[0].length;
        List<String> cols = new ArrayList<>();
        if (classes()) {
            cols.add("prediction");
        }
        for (int i = 0; i < width; i++) {
            cols.add(classes() ? "p_" + name(width == 1 ? 1 : i) : "y_" + i);
        }
        return String.join(",", cols);
    }

    private String name(int id) {
        return id < labelNames.size() ? labelNames.get(id) : Integer.toString(id);
    }

    private static int argmax(float[] row) {
        int best = 0;
        for (int i = 1; i < row.length; i++) {
            if (row[i] > row[best]) {
                best = i;
            }
        }
        return best;
    }
}
