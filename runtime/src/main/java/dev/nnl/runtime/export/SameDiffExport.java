package dev.nnl.runtime.export;

import dev.nnl.compiler.ir.DType;
import dev.nnl.compiler.ir.InputNode;
import dev.nnl.compiler.ir.LayerNode;
import dev.nnl.compiler.ir.ModelIR;
import dev.nnl.compiler.ir.OutputRef;
import dev.nnl.compiler.ir.Ref;
import dev.nnl.compiler.ir.Shape;
import dev.nnl.runtime.io.AtomicFiles;
import dev.nnl.runtime.layers.LayerRuntimes;
import dev.nnl.runtime.plan.Plan;
import dev.nnl.runtime.samediff.ExportException;
import dev.nnl.runtime.samediff.ExportScope;
import dev.nnl.runtime.samediff.Lowering;
import dev.nnl.runtime.samediff.SdValue;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.NameScope;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The inference graph of a checked model as a SameDiff graph, for Java programs that run a
 * trained nnl model with plain ND4J.
 *
 * <p>Placeholders are the model inputs, named as declared, shape (-1, per-sample dims), FLOAT or
 * INT32. Outputs are identity variables named after the layer producing each model output
 * ({@code layer}, or {@code layer_1} for its second output). Weights are constants named
 * {@code layer/weight}. The graph computes what {@code Plan.forward} computes with training off:
 * dropout and noise are the identity, BatchNormalization uses the moving statistics, and masks
 * from {@code Embedding(mask_zero=true)} make recurrent layers skip padded steps. Data stays
 * channels last (NHWC) as in nnl and Keras; recurrent layers are unrolled over their fixed
 * number of steps (see docs/samediff.md).
 */
public final class SameDiffExport {
    /** The graph and the names a caller feeds and fetches. */
    public record Graph(SameDiff sameDiff, List<Port> inputs, List<Port> outputs) {
    }

    /** One placeholder or output variable: its SameDiff name, ND4J data type and shape with -1 for the batch (and any unknown) axis. */
    public record Port(String name, DataType dataType, long[] shape) {
    }

    private SameDiffExport() {
    }

    /** The forward (inference) graph of plan.model() with the plan's current weights (plan.store()). */
    public static Graph build(Plan plan) throws ExportException {
        ModelIR model = plan.model();
        for (LayerNode n : model.layers()) {
            if (!LayerRuntimes.supports(n.className())) {
                throw ExportException.at(n, "this layer class has no SameDiff lowering", "");
            }
        }
        SameDiff sd = SameDiff.create();
        ExportScope scope = new ExportScope(sd, ExportScope.constants(sd, plan.store()));
        Map<String, SdValue[]> values = new HashMap<>();
        List<Port> inputs = new ArrayList<>();
        for (InputNode in : model.inputs()) {
            DataType type = in.dtype() == DType.INT32 ? DataType.INT32 : DataType.FLOAT;
            long[] shape = batchShape(in.shape());
            SDVariable ph = sd.placeHolder(in.name(), type, shape);
            values.put(in.name(), new SdValue[] {new SdValue(ph, in.shape(), null)});
            inputs.add(new Port(in.name(), type, shape));
        }
        for (LayerNode n : model.layers()) {
            SdValue[] in = new SdValue[n.inbound().size()];
            for (int i = 0; i < in.length; i++) {
                in[i] = value(values, n.inbound().get(i));
            }
            Lowering.Lowered out;
            // A scope per layer keeps SameDiff's generated names (conv2d, add, ...) away from layer names.
            try (NameScope ignored = sd.withNameScope(n.name())) {
                out = LayerRuntimes.of(n).lowering().lower(scope, n, in);
            }
            SdValue[] produced = new SdValue[out.outputs().length];
            for (int i = 0; i < produced.length; i++) {
                produced[i] = new SdValue(out.outputs()[i], n.outputShapes().get(i), out.mask());
            }
            values.put(n.name(), produced);
        }
        List<Port> outputs = new ArrayList<>();
        List<String> names = outputNames(model, "SameDiff");
        for (int i = 0; i < names.size(); i++) {
            OutputRef o = model.outputs().get(i);
            String name = names.get(i);
            if (names.indexOf(name) < i) {
                continue; // the same tensor listed twice
            }
            SdValue v = values.get(o.name())[o.index()];
            SDVariable y = sd.identity(name, v.var());
            outputs.add(new Port(name, y.dataType(), batchShape(o.shape())));
        }
        return new Graph(sd, List.copyOf(inputs), List.copyOf(outputs));
    }

    /**
     * The output variables' names, one per model output ({@link #outputName}); an output listed
     * twice has its one name twice.
     *
     * @param format the export's name, for the message
     * @throws ExportException when two different outputs would share a name: output i of layer L
     *     is named L_i, which can be another layer's name, and one of them would be lost
     */
    public static List<String> outputNames(ModelIR model, String format) throws ExportException {
        List<String> names = new ArrayList<>();
        for (OutputRef o : model.outputs()) {
            String name = outputName(o, model);
            int first = names.indexOf(name);
            if (first >= 0) {
                OutputRef earlier = model.outputs().get(first);
                if (!(earlier.name().equals(o.name()) && earlier.index() == o.index())) {
                    throw new ExportException(format + " export: two outputs would both be named `" + name + "` (output "
                            + earlier.index() + " of layer `" + earlier.name() + "` and output " + o.index() + " of layer `"
                            + o.name() + "`). Rename one of the layers with name=...");
                }
            }
            names.add(name);
        }
        return names;
    }

    /**
     * The output variable's name: the producing layer's, {@code layer_i} for its output {@code i > 0},
     * and {@code input_output} for a model input returned as an output (the placeholder has the name).
     */
    public static String outputName(OutputRef o, ModelIR model) {
        boolean isInput = model.inputs().stream().anyMatch(i -> i.name().equals(o.name()));
        if (isInput) {
            return o.name() + "_output";
        }
        return o.index() == 0 ? o.name() : o.name() + "_" + o.index();
    }

    private static SdValue value(Map<String, SdValue[]> values, String ref) {
        Ref r = Ref.parse(ref);
        return values.get(r.name())[r.index()];
    }

    private static long[] batchShape(Shape s) {
        return s.prepend(-1).dims();
    }

    /** Writes g as a FlatBuffers file loadable with SameDiff.fromFlatFile, atomically (dev.nnl.runtime.io.AtomicFiles: write to a temp file in the same folder then move). */
    public static void write(Graph g, Path file) throws IOException {
        ByteBuffer bb = g.sameDiff().asFlatBuffers(false);
        byte[] bytes = new byte[bb.remaining()];
        bb.get(bytes);
        AtomicFiles.write(file, bytes);
    }
}
