package dev.nnl.runtime.onnx;

import com.google.protobuf.ByteString;
import dev.nnl.compiler.ir.LayerNode;
import dev.nnl.runtime.onnx.proto.Onnx.GraphProto;
import dev.nnl.runtime.onnx.proto.Onnx.NodeProto;
import dev.nnl.runtime.onnx.proto.Onnx.TensorProto;
import dev.nnl.runtime.tensor.ParamStore;
import dev.nnl.runtime.tensor.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The ONNX graph under construction. Nodes are named after the layer being lowered
 * ({@code dense_1/MatMul}, then {@code dense_1/MatMul_1}), and each node's first output has the
 * node's name, so a viewer shows which layer every tensor belongs to. The plan's weights become
 * initializers named {@code layer/weight} as in the .nnlz; weights rearranged for an op
 * ({@code lstm_1/W}) and small constants ({@code conv_1/perm}) are initializers named under the layer too.
 */
public final class OnnxScope {
    /** TensorProto.DataType values used by the lowerings. */
    public static final int FLOAT = TensorProto.DataType.FLOAT_VALUE;
    public static final int INT32 = TensorProto.DataType.INT32_VALUE;
    public static final int INT64 = TensorProto.DataType.INT64_VALUE;

    private final GraphProto.Builder graph;
    private final ParamStore store;
    private final int opset;
    private final Set<String> names = new HashSet<>();
    private String layer = "";

    public OnnxScope(GraphProto.Builder graph, ParamStore store, int opset) {
        this.graph = graph;
        this.store = store;
        this.opset = opset;
    }

    /** The opset the graph targets. */
    public int opset() {
        return opset;
    }

    /** Names the nodes and constants that follow after this layer. */
    public void enter(String layerName) {
        layer = layerName;
    }

    /** Reserves a name the graph itself uses (inputs, outputs) so no node takes it. */
    public void reserve(String name) {
        names.add(name);
    }

    private String unique(String base) {
        String name = base;
        for (int i = 1; !names.add(name); i++) {
            name = base + "_" + i;
        }
        return name;
    }

    /** A node with one output; returns the output's name. */
    public String op(String type, List<String> inputs, Attr... attrs) {
        return ops(type, 1, inputs, attrs)[0];
    }

    /** A node with {@code outputs} outputs ({@code name}, {@code name:1}, ...); "" in inputs skips an optional input. */
    public String[] ops(String type, int outputs, List<String> inputs, Attr... attrs) {
        String name = unique(layer + "/" + type);
        NodeProto.Builder b = NodeProto.newBuilder().setName(name).setOpType(type).addAllInput(inputs);
        String[] out = new String[outputs];
        for (int i = 0; i < outputs; i++) {
            out[i] = i == 0 ? name : name + ":" + i;
            names.add(out[i]);
            b.addOutput(out[i]);
        }
        for (Attr a : attrs) {
            b.addAttribute(a.proto());
        }
        graph.addNode(b);
        return out;
    }

    /** A node writing the given output name (the graph's named outputs). */
    public void named(String type, String output, List<String> inputs) {
        String name = unique(layer + "/" + type);
        graph.addNode(NodeProto.newBuilder().setName(name).setOpType(type).addAllInput(inputs).addOutput(output));
    }

    /** A weight of the plan: its float values (row-major) and dims. */
    public record Weight(float[] data, long[] dims) {
        public float at(long... index) {
            long flat = 0;
            for (int i = 0; i < dims.length; i++) {
                flat = flat * dims[i] + index[i];
            }
            return data[(int) flat];
        }
    }

    public boolean hasWeight(LayerNode n, String name) {
        return store.slotsOf(n.name()).stream().anyMatch(sl -> sl.weight().name().equals(name));
    }

    /** A copy of the weight's current values. */
    public Weight weight(LayerNode n, String name) {
        Tensor t = store.slot(n.name(), name).value();
        float[] data = new float[t.size];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) t.get(i);
        }
        return new Weight(data, t.shape.clone());
    }

    /** The weight as an initializer named {@code layer/weight}, with its own dims. */
    public String initializer(LayerNode n, String name) {
        Weight w = weight(n, name);
        return floats(n.name() + "/" + name, w.data(), w.dims());
    }

    /** The weight as an initializer named {@code layer/weight} with other dims (the same values in the same order). */
    public String initializer(LayerNode n, String name, long... dims) {
        return floats(n.name() + "/" + name, weight(n, name).data(), dims);
    }

    /** A float initializer named {@code layer/name}. */
    public String constant(String name, float[] data, long... dims) {
        return floats(layer + "/" + name, data, dims);
    }

    /** A scalar float initializer named {@code layer/name}. */
    public String scalar(String name, double v) {
        return floats(layer + "/" + name, new float[] {(float) v});
    }

    private String floats(String base, float[] data, long... dims) {
        String name = unique(base);
        ByteBuffer bb = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : data) {
            bb.putFloat(f);
        }
        return initializer(name, FLOAT, bb, dims);
    }

    /** A 1-D int64 initializer named {@code layer/name} (shapes, axes, indices). */
    public String longs(String name, long... values) {
        return int64(name, values, new long[] {values.length});
    }

    /** A scalar int64 initializer (a Gather index that drops the axis). */
    public String longScalar(String name, long value) {
        return int64(name, new long[] {value}, new long[0]);
    }

    private String int64(String base, long[] values, long[] dims) {
        String name = unique(layer + "/" + base);
        ByteBuffer bb = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            bb.putLong(v);
        }
        return initializer(name, INT64, bb, dims);
    }

    /** Adds an initializer of {@code dims} whose little-endian bytes {@code data} holds (written up to its position). */
    private String initializer(String name, int dataType, ByteBuffer data, long[] dims) {
        data.flip();
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(dataType).setRawData(ByteString.copyFrom(data));
        for (long d : dims) {
            t.addDims(d);
        }
        graph.addInitializer(t);
        return name;
    }

    // Helpers for ops whose form changed between opsets, or that every family writes.

    public String add(String a, String b) {
        return op("Add", List.of(a, b));
    }

    public String sub(String a, String b) {
        return op("Sub", List.of(a, b));
    }

    public String mul(String a, String b) {
        return op("Mul", List.of(a, b));
    }

    public String div(String a, String b) {
        return op("Div", List.of(a, b));
    }

    public String transpose(String x, long... perm) {
        return op("Transpose", List.of(x), Attr.ints("perm", perm));
    }

    public String unsqueeze(String x, long... axes) {
        return op("Unsqueeze", List.of(x, longs("axes", axes)));
    }

    public String squeeze(String x, long... axes) {
        return op("Squeeze", List.of(x, longs("axes", axes)));
    }

    public String cast(String x, int to) {
        return op("Cast", List.of(x), Attr.i("to", to));
    }

    /** m·a + (1 − m)·b: "where" over a 1/0 float mask, exact for 0 and 1. */
    public String blend(String m, String a, String b) {
        return add(mul(m, a), mul(op("Sub", List.of(scalar("one", 1), m)), b));
    }

    /**
     * ReduceMean, ReduceMax, ReduceSum, ... over the axes: the axes are an attribute before opset
     * 18 (13 for ReduceSum) and an input from then on.
     */
    public String reduce(String type, String x, boolean keepdims, long... axes) {
        int inputFrom = type.equals("ReduceSum") ? 13 : 18;
        Attr keep = Attr.i("keepdims", keepdims ? 1 : 0);
        if (opset >= inputFrom) {
            return op(type, List.of(x, longs("axes", axes)), keep);
        }
        return op(type, List.of(x), Attr.ints("axes", axes), keep);
    }
}
