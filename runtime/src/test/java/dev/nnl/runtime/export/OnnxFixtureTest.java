package dev.nnl.runtime.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.nnl.runtime.Fixtures;
import dev.nnl.runtime.kernels.RunContext;
import dev.nnl.runtime.plan.Plan;
import dev.nnl.runtime.tensor.Tensor;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Every inference case of the Keras forward fixtures (resources/oracle/forward, the ones
 * ForwardFixtureTest runs) through the ONNX export: Plan with the fixture weights → ONNX model →
 * ONNX Runtime, compared with Keras's outputs within the case's tolerance (1e-5 unless the fixture
 * names one) and with the plan's own forward pass within 1e-5.
 */
class OnnxFixtureTest {
    @TestFactory
    List<DynamicTest> everyInferenceCaseMatchesKerasInOnnxRuntime() throws IOException {
        List<DynamicTest> tests = Fixtures.forwardTests(false, OnnxFixtureTest::run);
        assertTrue(tests.size() > 100, "fixture cases found: " + tests.size());
        return tests;
    }

    /** Every layer class of the registry appears in some fixture case, so each lowering runs in ORT. */
    @Test
    void theFixturesCoverEveryLayerClass() throws IOException {
        Set<String> seen = new HashSet<>();
        for (JsonObject kase : Fixtures.forwardCases(false)) {
            Fixtures.plan(kase).model().layers().forEach(l -> seen.add(l.className()));
        }
        assertEquals(dev.nnl.runtime.layers.LayerRuntimes.classNames(), seen);
    }

    private static void run(JsonObject kase) throws Exception {
        Plan plan = Fixtures.plan(kase);
        JsonArray inputs = kase.getAsJsonArray("inputs");
        Tensor[] x = new Tensor[inputs.size()];
        for (int i = 0; i < x.length; i++) {
            JsonObject a = inputs.get(i).getAsJsonObject();
            x[i] = Tensor.zeros(DataType.FLOAT, Fixtures.longs(a.getAsJsonArray("shape")));
            Fixtures.fill(x[i], a.getAsJsonArray("values"));
        }
        float[][] got = OnnxRun.run(plan, OnnxExport.DEFAULT_OPSET, x);
        Tensor[] want = plan.forward(x, new RunContext(DataType.FLOAT, false, 0));
        double tol = kase.has("tolerance") ? kase.get("tolerance").getAsDouble() : 1e-5;
        JsonArray outputs = kase.getAsJsonArray("outputs");
        assertEquals(outputs.size(), got.length, "number of outputs");
        for (int o = 0; o < got.length; o++) {
            JsonArray values = outputs.get(o).getAsJsonObject().getAsJsonArray("values");
            float[] keras = new float[values.size()];
            for (int i = 0; i < keras.length; i++) {
                keras[i] = values.get(i).getAsFloat();
            }
            OnnxRun.assertClose("output " + o + " vs Keras", keras, got[o], tol);
            OnnxRun.assertClose("output " + o + " vs predict", want[o].array, got[o], 1e-5);
        }
    }
}
