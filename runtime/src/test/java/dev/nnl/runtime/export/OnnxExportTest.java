package dev.nnl.runtime.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnl.compiler.ir.ModelIR;
import dev.nnl.runtime.Models;
import dev.nnl.runtime.kernels.Activation;
import dev.nnl.runtime.kernels.RunContext;
import dev.nnl.runtime.onnx.proto.Onnx.ModelProto;
import dev.nnl.runtime.onnx.proto.Onnx.TensorShapeProto;
import dev.nnl.runtime.plan.Plan;
import dev.nnl.runtime.samediff.ExportException;
import dev.nnl.runtime.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.nd4j.linalg.api.buffer.DataType;

/** The ONNX export's boundary: opsets, the dynamic batch, metadata, every activation, and its refusals. */
class OnnxExportTest {
    /** Every activation of the one table, as a layer and inside Dense, with ReLU's and pooling's variants. */
    private static final String LAYERS = """
            model M {
                input x: (6, 6, 2)
                Conv2D(4, 3, padding=same, strides=2, activation=%s)
                Conv2D(4, (2, 3), padding=same, dilation_rate=(1, 2), groups=2)
                MaxPooling2D(2, strides=1, padding=same)
                AveragePooling2D(2, strides=1, padding=same)
                ReLU(max_value=2.5, negative_slope=0.1, threshold=0.3)
                Reshape((4, -1))
                Conv1D(3, 3, padding=causal, dilation_rate=2)
                AveragePooling1D(2, padding=same)
                Permute((2, 1))
                Dense(3, activation=%s)
                GlobalAveragePooling1D(keepdims=true)
                Flatten()
                Activation(%s)
            }
            """;

    @TestFactory
    List<DynamicTest> everyActivationRunsInOnnxRuntime() {
        return Arrays.stream(Activation.values()).map(a -> {
            String name = a.name().toLowerCase(Locale.ROOT);
            String inner = a.rowwise() ? "tanh" : name;
            return DynamicTest.dynamicTest(name, () -> OnnxSamplesTest.check(
                    Models.model(LAYERS.formatted(inner, inner, name)), 3, 1e-5, OnnxExport.DEFAULT_OPSET));
        }).toList();
    }

    @TestFactory
    List<DynamicTest> everyOpsetOfTheRangeRuns() {
        ModelIR m = Models.model("""
                model M {
                    input w: (7) int32
                    e = w -> Embedding(12, 4, mask_zero=true)
                    a = e -> LayerNormalization(rms_scaling=true) -> GRU(3, return_sequences=true)
                    output a -> GlobalMaxPooling1D(), e -> GlobalAveragePooling1D(), a -> BatchNormalization(axis=1) -> Flatten()
                }
                """);
        return List.of(OnnxExport.MIN_OPSET, 17, 18, OnnxExport.MAX_OPSET).stream()
                .map(o -> DynamicTest.dynamicTest("opset " + o, () -> OnnxSamplesTest.check(m, 3, 1e-5, o))).toList();
    }

    /** One file, run with batch 1 and batch 5: the batch axis is symbolic. */
    @Test
    void theSameFileRunsAnyBatchSize() throws Exception {
        ModelIR model = Models.model("""
                model M {
                    input x: (5, 3)
                    LSTM(4, return_sequences=true)
                    Conv1D(2, 3, padding=same)
                    Flatten()
                    Dense(2, activation=softmax)
                }
                """);
        Plan plan = new Plan(model, DataType.FLOAT);
        plan.initialize(5);
        ModelProto proto = OnnxExport.build(plan, OnnxExport.DEFAULT_OPSET, null).proto();
        TensorShapeProto.Dimension batch = proto.getGraph().getInput(0).getType().getTensorType().getShape().getDim(0);
        assertEquals("batch", batch.getDimParam());
        for (int size : new int[] {1, 5}) {
            Tensor[] x = OnnxSamplesTest.inputs(model, size, new Random(size));
            Tensor[] want = plan.forward(x, new RunContext(DataType.FLOAT, false, 0));
            float[][] got = OnnxRun.run(proto.toByteArray(), model, x);
            OnnxRun.assertClose("batch " + size, want[0].array, got[0], 1e-5);
        }
    }

    @Test
    void preprocessingAndProducerAreInTheMetadata() throws Exception {
        Plan plan = new Plan(Models.model("model M {\n input x: (3)\n Dense(2)\n}\n"), DataType.FLOAT);
        plan.initialize(1);
        ModelProto p = OnnxExport.build(plan, 17, "multiply by 0.00392157").proto();
        assertEquals("nnl", p.getProducerName());
        assertTrue(!p.getProducerVersion().isEmpty() && !p.getProducerVersion().contains("${"), p.getProducerVersion());
        assertEquals(17, p.getOpsetImport(0).getVersion());
        assertEquals("preprocessing=multiply by 0.00392157", p.getMetadataPropsList().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(",")));
        List<String> names = p.getGraph().getNodeList().stream().map(n -> n.getName()).toList();
        assertEquals(List.of("dense/MatMul", "dense/Add", "dense/Identity"), names);
        assertEquals(List.of("dense/kernel", "dense/bias"), p.getGraph().getInitializerList().stream().map(t -> t.getName()).toList());
        // Each layer's output shape is recorded for viewers: (batch, 2) for the Dense.
        assertEquals("dense/Add batch,2", p.getGraph().getValueInfoList().stream().map(v -> v.getName() + " "
                + v.getType().getTensorType().getShape().getDimList().stream()
                        .map(d -> d.hasDimParam() ? d.getDimParam() : Long.toString(d.getDimValue())).collect(Collectors.joining(",")))
                .collect(Collectors.joining(";")));
    }

    @Test
    void opsetsOutsideTheRangeAreRefused() {
        Plan plan = new Plan(Models.model("model M {\n input x: (3)\n Dense(2)\n}\n"), DataType.FLOAT);
        ExportException e = assertThrows(ExportException.class, () -> OnnxExport.build(plan, 12, null));
        assertEquals("ONNX export: opset 12 is not supported; use 13 to 21 (default 17)", e.getMessage());
    }

    @Test
    void aCellActivationOnnxLacksIsRefusedNamingTheLayer() {
        Plan plan = new Plan(Models.model("model M {\n input x: (4, 3)\n LSTM(2, activation=gelu)\n}\n"), DataType.FLOAT);
        ExportException e = assertThrows(ExportException.class, () -> OnnxExport.build(plan, 17, null));
        assertEquals("ONNX export: layer `lstm` (LSTM): the activation gelu has no counterpart among the ONNX LSTM op's "
                + "activations. Use one of linear, relu, sigmoid, tanh, hard_sigmoid, softplus, softsign, elu, leaky_relu",
                e.getMessage());
    }
}
