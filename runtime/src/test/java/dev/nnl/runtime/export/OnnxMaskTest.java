package dev.nnl.runtime.export;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nnl.compiler.ir.ModelIR;
import dev.nnl.runtime.Models;
import dev.nnl.runtime.kernels.RunContext;
import dev.nnl.runtime.plan.Plan;
import dev.nnl.runtime.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Masks with padding inside the rows (not only at the end) through the recurrent ops' compaction
 * and the layers that read or combine masks, against the runtime's inference pass, in ONNX
 * Runtime. Tolerance 1e-5 for all (sequences of at most 9 steps).
 */
class OnnxMaskTest {
    private static final Map<String, String> MODELS = MaskedModels.with(Map.of(
            "bidirectional without merge, cell activations ONNX names", """
                    model M {
                        input w: (9) int32
                        e = w -> Embedding(11, 4, mask_zero=true)
                        b = e -> Bidirectional(LSTM(3, return_sequences=true, recurrent_activation=hard_sigmoid, activation=relu), merge_mode=none, name="both")
                        g = e -> Bidirectional(GRU(2, activation=softsign, recurrent_activation=sigmoid), merge_mode=concat)
                        r = e -> SimpleRNN(2, return_sequences=true, activation=linear, go_backwards=true)
                        output b, g, r -> Bidirectional(SimpleRNN(2, activation=elu), merge_mode=sum)
                    }
                    """,
            "masked steps over an unknown number of steps", """
                    model M {
                        input w: (none) int32
                        Embedding(10, 4, mask_zero=true)
                        GRU(3, return_sequences=true)
                        LSTM(2)
                    }
                    """));

    @TestFactory
    List<DynamicTest> maskedModelsAgreeWithThePlan() {
        return MODELS.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> DynamicTest.dynamicTest(e.getKey(), () -> OnnxSamplesTest.check(Models.model(e.getValue()), 5, 1e-5,
                        OnnxExport.DEFAULT_OPSET)))
                .toList();
    }

    /** Rows with padding first, in the middle, alternating, and nothing real at all (the state stays zero). */
    @Test
    void paddingAnywhereInTheRow() throws Exception {
        ModelIR model = Models.model("""
                model M {
                    input w: (6) int32
                    e = w -> Embedding(10, 3, mask_zero=true)
                    s = e -> LSTM(2, return_sequences=true)
                    l = e -> GRU(2)
                    b = e -> Bidirectional(SimpleRNN(2, return_sequences=true))
                    output s, l, b
                }
                """);
        float[] ids = {
            0, 0, 3, 4, 5, 6,
            1, 2, 0, 0, 5, 6,
            0, 2, 0, 4, 0, 6,
            0, 0, 0, 0, 0, 0,
            7, 8, 9, 1, 2, 3};
        Plan plan = new Plan(model, DataType.FLOAT);
        plan.initialize(3);
        Tensor x = Tensor.zeros(DataType.FLOAT, 5, 6);
        for (int i = 0; i < ids.length; i++) {
            x.set(i, ids[i]);
        }
        Tensor[] want = plan.forward(new Tensor[] {x}, new RunContext(DataType.FLOAT, false, 0));
        float[][] got = OnnxRun.run(plan, OnnxExport.DEFAULT_OPSET, new Tensor[] {x});
        assertEquals(3, got.length);
        for (int o = 0; o < got.length; o++) {
            OnnxRun.assertClose("output " + o, want[o].array, got[o], 1e-5);
        }
    }
}
