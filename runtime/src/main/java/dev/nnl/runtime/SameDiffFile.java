package dev.nnl.runtime;

import dev.nnl.runtime.data.Preprocessing;
import dev.nnl.runtime.export.SameDiffExport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * What {@link TrainedModel#exportSameDiff} wrote: the file, the placeholders a caller feeds and
 * the variables it fetches, and what to do to raw data first.
 *
 * @param file          the FlatBuffers file that {@code SameDiff.fromFlatFile} loads
 * @param inputs        the placeholders, one per model input
 * @param outputs       the output variables, one per model output
 * @param preprocessing what training did to raw data before the model saw it, which the graph
 *                      expects done ("multiply by 0.00392157"); null when nothing was
 */
public record SameDiffFile(Path file, List<Port> inputs, List<Port> outputs, String preprocessing) {
    /**
     * One placeholder or output variable.
     *
     * @param name  its SameDiff name
     * @param type  its element type as the .nnl source and NumPy name it: {@code float32}, {@code int32}
     * @param shape its shape, with -1 for the batch (and any unknown) axis
     */
    public record Port(String name, String type, long[] shape) {
    }

    static SameDiffFile of(Path file, SameDiffExport.Graph g, Preprocessing p) {
        return new SameDiffFile(file, ports(g.inputs()), ports(g.outputs()), describe(p));
    }

    /** One line per port, names aligned: {@code   input   image    float32  (-1, 28, 28)}. */
    public List<String> table() {
        return table(inputs, outputs);
    }

    /** The table of {@link #table()} for any list of ports (the ONNX export's too). */
    static List<String> table(List<Port> inputs, List<Port> outputs) {
        int width = 0;
        for (Port p : inputs) {
            width = Math.max(width, p.name().length());
        }
        for (Port p : outputs) {
            width = Math.max(width, p.name().length());
        }
        List<String> lines = new ArrayList<>();
        for (Port p : inputs) {
            lines.add(line("input ", p, width));
        }
        for (Port p : outputs) {
            lines.add(line("output", p, width));
        }
        return lines;
    }

    private static String line(String role, Port p, int width) {
        StringBuilder shape = new StringBuilder("(");
        for (int i = 0; i < p.shape().length; i++) {
            shape.append(i == 0 ? "" : ", ").append(p.shape()[i]);
        }
        return String.format(Locale.ROOT, "  %s  %-" + width + "s  %-7s  %s)", role, p.name(), p.type(), shape);
    }

    static List<Port> ports(List<SameDiffExport.Port> ports) {
        // ND4J names int32 `INT`; these are the names the .nnl source and NumPy use.
        return ports.stream().map(p -> new Port(p.name(), p.dataType() == DataType.FLOAT ? "float32"
                : p.dataType() == DataType.INT32 ? "int32" : p.dataType().name().toLowerCase(Locale.ROOT), p.shape())).toList();
    }

    /** The preprocessing as one sentence, or null when there is none. */
    static String describe(Preprocessing p) {
        if (p == null) {
            return null;
        }
        List<String> steps = new ArrayList<>();
        if (!p.vocabulary().isEmpty()) {
            steps.add("map tokens to ids with the vocabulary saved in the .nnlz");
        }
        if (p.scale() != 1) {
            steps.add(String.format(Locale.ROOT, "multiply by %.6g", p.scale()));
        }
        if (!p.means().isEmpty()) {
            steps.add("standardize each feature with the means and standard deviations saved in the .nnlz");
        }
        return steps.isEmpty() ? null : String.join("; then ", steps);
    }
}
