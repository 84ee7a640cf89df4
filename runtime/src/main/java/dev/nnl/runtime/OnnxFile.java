package dev.nnl.runtime;

import dev.nnl.runtime.data.Preprocessing;
import dev.nnl.runtime.export.OnnxExport;
import java.nio.file.Path;
import java.util.List;

/**
 * What {@link TrainedModel#exportOnnx} wrote: the file, the graph inputs a caller feeds and the
 * outputs it fetches (named as in the SameDiff export), and what to do to raw data first.
 *
 * @param file          the .onnx file
 * @param opset         the ONNX opset the model imports
 * @param inputs        the graph inputs, one per model input; -1 marks the dynamic batch axis
 * @param outputs       the graph outputs, one per model output
 * @param preprocessing what training did to raw data before the model saw it, which the graph
 *                      expects done (also stored in the model's metadata as
 *                      {@code preprocessing}); null when nothing was
 */
public record OnnxFile(Path file, int opset, List<SameDiffFile.Port> inputs, List<SameDiffFile.Port> outputs, String preprocessing) {
    /** The default opset of {@link TrainedModel#exportOnnx}. */
    public static final int DEFAULT_OPSET = OnnxExport.DEFAULT_OPSET;
    /** The lowest opset the export writes. */
    public static final int MIN_OPSET = OnnxExport.MIN_OPSET;
    /** The highest opset the export writes (ONNX Runtime 1.20 runs it). */
    public static final int MAX_OPSET = OnnxExport.MAX_OPSET;

    static OnnxFile of(Path file, int opset, OnnxExport.Model m, String preprocessing) {
        return new OnnxFile(file, opset, SameDiffFile.ports(m.inputs()), SameDiffFile.ports(m.outputs()), preprocessing);
    }

    /** One line per port, names aligned, as {@link SameDiffFile#table()}. */
    public List<String> table() {
        return SameDiffFile.table(inputs, outputs);
    }
}
