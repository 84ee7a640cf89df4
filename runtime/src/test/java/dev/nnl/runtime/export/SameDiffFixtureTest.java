package dev.nnl.runtime.export;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.nnl.runtime.Fixtures;
import dev.nnl.runtime.plan.Plan;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Every inference case of the Keras forward fixtures (resources/oracle/forward, the ones
 * ForwardFixtureTest runs) through the export: Plan with the fixture weights → SameDiff graph →
 * flat file → SameDiff.fromFlatFile → outputs compared with Keras's within the case tolerance.
 */
class SameDiffFixtureTest {
    @TestFactory
    List<DynamicTest> everyInferenceCaseMatchesKeras() throws IOException {
        List<DynamicTest> tests = Fixtures.forwardTests(false, SameDiffFixtureTest::run);
        assertEquals(true, tests.size() > 100, "fixture cases found: " + tests.size());
        return tests;
    }

    private static void run(JsonObject kase) throws Exception {
        Plan plan = Fixtures.plan(kase);
        JsonArray inputs = kase.getAsJsonArray("inputs");
        INDArray[] x = new INDArray[inputs.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = array(inputs.get(i).getAsJsonObject());
        }
        SameDiffExport.Graph g = SameDiffExport.build(plan);
        INDArray[] out = RoundTrip.run(g, x);
        double tol = kase.has("tolerance") ? kase.get("tolerance").getAsDouble() : 1e-5;
        JsonArray outputs = kase.getAsJsonArray("outputs");
        assertEquals(outputs.size(), out.length, "number of outputs");
        for (int o = 0; o < out.length; o++) {
            RoundTrip.assertClose("output " + o, array(outputs.get(o).getAsJsonObject()), out[o], tol);
        }
    }

    private static INDArray array(JsonObject a) {
        long[] s = Fixtures.longs(a.getAsJsonArray("shape"));
        JsonArray values = a.getAsJsonArray("values");
        float[] v = new float[values.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = values.get(i).getAsFloat();
        }
        return Nd4j.create(v, s, 'c');
    }
}
