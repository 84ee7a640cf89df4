package dev.nnl.runtime;

import com.google.gson.Gson;
import dev.nnl.runtime.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
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
 */
public final class Predictions {
    /** How {@link #render} writes them: what {@code nnlc predict --format} takes. */
    public enum Format {
        /** A header line, then per sample the prediction (when classes) and each output value. */
        CSV,
        /** One JSON object per sample: {@code prediction} (when classes) and {@code probabilities} or {@code output}. */
        JSON
    }

    private final float[][] outputs;
    private final List<String> labelNames;
    private final boolean classes;
    private final boolean binary;

    Predictions(float[][] outputs, String loss, List<String> labelNames) {
        this.outputs = outputs;
        this.labelNames = labelNames;
        this.classes = loss.endsWith("categorical_crossentropy");
        this.binary = loss.equals("binary_crossentropy") && outputs.length > 0 && outputs[0].length == 1;
    }

    /** The first model output, one row per sample in input order. */
    public float[][] outputs() {
        return outputs;
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

    /** The predictions as {@code nnlc predict} writes them. */
    public String render(Format format) {
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
     * Writes {@link #render} to {@code file}, atomically.
     *
     * @throws NnlException an I/O error when the file cannot be written; the message names it
     */
    public void write(Path file, Format format) throws NnlException {
        try {
            AtomicFiles.write(file, render(format).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new NnlException("cannot write " + file + ": " + e.getMessage(), true);
        }
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
