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
import dev.nnl.runtime.onnx.OnnxLowering;
import dev.nnl.runtime.onnx.OnnxScope;
import dev.nnl.runtime.onnx.OnnxValue;
import dev.nnl.runtime.onnx.proto.Onnx.GraphProto;
import dev.nnl.runtime.onnx.proto.Onnx.ModelProto;
import dev.nnl.runtime.onnx.proto.Onnx.OperatorSetIdProto;
import dev.nnl.runtime.onnx.proto.Onnx.StringStringEntryProto;
import dev.nnl.runtime.onnx.proto.Onnx.TensorShapeProto;
import dev.nnl.runtime.onnx.proto.Onnx.TypeProto;
import dev.nnl.runtime.onnx.proto.Onnx.ValueInfoProto;
import dev.nnl.runtime.plan.Plan;
import dev.nnl.runtime.samediff.ExportException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The inference graph of a checked model as an ONNX model, for ONNX Runtime and other ONNX
 * consumers. It computes what {@code Plan.forward} computes with training off, as
 * {@link SameDiffExport} does, with the same boundary: graph inputs named as the model's inputs
 * (float32 or int32, shape (batch, per-sample dims) with the batch a symbolic {@code batch}
 * dimension), outputs named as {@link SameDiffExport#outputName} names them, data channels last.
 * Each layer's nodes come from its {@link OnnxLowering} in the runtime registry.
 */
public final class OnnxExport {
    /** The lowest opset the export writes (Softmax over one axis, Unsqueeze axes as an input). */
    public static final int MIN_OPSET = 13;
    /** The highest opset the export writes: the newest ONNX Runtime 1.20 runs. */
    public static final int MAX_OPSET = 21;
    /** The opset written unless asked otherwise. */
    public static final int DEFAULT_OPSET = 17;
    /** The metadata key holding the preprocessing the caller applies. */
    public static final String PREPROCESSING_KEY = "preprocessing";

    /** The model and the names a caller feeds and fetches. */
    public record Model(ModelProto proto, List<SameDiffExport.Port> inputs, List<SameDiffExport.Port> outputs) {
    }

    private OnnxExport() {
    }

    /**
     * The forward (inference) graph of plan.model() with the plan's current weights.
     *
     * @param preprocessing stored as the {@value #PREPROCESSING_KEY} metadata entry when not null
     */
    public static Model build(Plan plan, int opset, String preprocessing) throws ExportException {
        if (opset < MIN_OPSET || opset > MAX_OPSET) {
            throw new ExportException("ONNX export: opset " + opset + " is not supported; use " + MIN_OPSET + " to " + MAX_OPSET
                    + " (default " + DEFAULT_OPSET + ")");
        }
        ModelIR model = plan.model();
        GraphProto.Builder graph = GraphProto.newBuilder().setName(model.name());
        OnnxScope scope = new OnnxScope(graph, plan.store(), opset);
        Map<String, OnnxValue[]> values = new HashMap<>();
        List<SameDiffExport.Port> inputs = new ArrayList<>();
        for (InputNode in : model.inputs()) {
            boolean ints = in.dtype() == DType.INT32;
            scope.reserve(in.name());
            graph.addInput(valueInfo(in.name(), ints ? OnnxScope.INT32 : OnnxScope.FLOAT, in.shape()));
            values.put(in.name(), new OnnxValue[] {new OnnxValue(in.name(), in.shape(), ints, null)});
            inputs.add(new SameDiffExport.Port(in.name(), ints ? DataType.INT32
                    : DataType.FLOAT, in.shape().prepend(-1).dims()));
        }
        Set<String> described = new HashSet<>(values.keySet());
        List<String> outputNames = SameDiffExport.outputNames(model, "ONNX");
        outputNames.forEach(scope::reserve);
        for (LayerNode n : model.layers()) {
            OnnxValue[] in = new OnnxValue[n.inbound().size()];
            for (int i = 0; i < in.length; i++) {
                Ref r = Ref.parse(n.inbound().get(i));
                in[i] = values.get(r.name())[r.index()];
            }
            scope.enter(n.name());
            OnnxLowering.Lowered out = LayerRuntimes.of(n).onnx().lower(scope, n, in);
            OnnxValue[] produced = new OnnxValue[out.outputs().length];
            for (int i = 0; i < produced.length; i++) {
                produced[i] = new OnnxValue(out.outputs()[i], n.outputShapes().get(i), false, out.mask());
                // The layer's output shape, for viewers (Netron shows value_info); once per tensor,
                // as a lowering may pass its input through (Activation linear).
                if (described.add(out.outputs()[i])) {
                    graph.addValueInfo(valueInfo(out.outputs()[i], OnnxScope.FLOAT, n.outputShapes().get(i)));
                }
            }
            values.put(n.name(), produced);
        }
        List<SameDiffExport.Port> outputs = new ArrayList<>();
        for (int i = 0; i < model.outputs().size(); i++) {
            OutputRef o = model.outputs().get(i);
            String name = outputNames.get(i);
            if (outputNames.indexOf(name) < i) {
                continue; // the same tensor listed twice
            }
            OnnxValue v = values.get(o.name())[o.index()];
            scope.enter(o.name());
            scope.named("Identity", name, List.of(v.name()));
            int type = v.ints() ? OnnxScope.INT32 : OnnxScope.FLOAT;
            graph.addOutput(valueInfo(name, type, o.shape()));
            outputs.add(new SameDiffExport.Port(name, v.ints() ? DataType.INT32
                    : DataType.FLOAT, o.shape().prepend(-1).dims()));
        }
        ModelProto.Builder m = ModelProto.newBuilder()
                .setIrVersion(irVersion(opset))
                .setProducerName("nnl")
                .setProducerVersion(version())
                .setDocString("Inference graph of the nnl model " + model.name() + "; data is channels last (NHWC) as in nnl and Keras.")
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset))
                .setGraph(graph);
        if (preprocessing != null) {
            m.addMetadataProps(StringStringEntryProto.newBuilder().setKey(PREPROCESSING_KEY).setValue(preprocessing));
        }
        return new Model(m.build(), List.copyOf(inputs), List.copyOf(outputs));
    }

    /** The newest IR version that ONNX Runtime 1.20 reads for the opset (ONNX's versioning table, docs/Versioning.md). */
    private static long irVersion(int opset) {
        return opset <= 17 ? 8 : opset <= 19 ? 9 : 10;
    }

    /** A graph input or output: element type and (batch, per-sample dims), the batch symbolic, unknown sizes left open. */
    private static ValueInfoProto valueInfo(String name, int elemType, Shape shape) {
        TensorShapeProto.Builder dims = TensorShapeProto.newBuilder();
        dims.addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("batch"));
        for (long d : shape.dims()) {
            TensorShapeProto.Dimension.Builder b = TensorShapeProto.Dimension.newBuilder();
            if (d != Shape.NONE) {
                b.setDimValue(d);
            }
            dims.addDim(b);
        }
        TypeProto type = TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder().setElemType(elemType).setShape(dims)).build();
        return ValueInfoProto.newBuilder().setName(name).setType(type).build();
    }

    /** The runtime's version, filtered into the jar by Maven. */
    static String version() {
        Properties p = new Properties();
        try (InputStream in = OnnxExport.class.getResourceAsStream("/dev/nnl/runtime/export/version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // The version is informative only; a missing resource leaves "unknown".
        }
        return p.getProperty("version", "unknown");
    }

    /** Writes the model as a .onnx file (protobuf), atomically (dev.nnl.runtime.io.AtomicFiles). */
    public static void write(Model m, Path file) throws IOException {
        AtomicFiles.write(file, m.proto().toByteArray());
    }
}
