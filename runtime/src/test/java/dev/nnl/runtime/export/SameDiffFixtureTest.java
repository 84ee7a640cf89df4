package dev.nnl.runtime.export;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.nnl.compiler.ir.ModelIR;
import dev.nnl.runtime.Models;
import dev.nnl.runtime.plan.Plan;
import dev.nnl.runtime.plan.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Every inference case of the Keras forward fixtures (resources/oracle/forward, the ones
 * ForwardFixtureTest runs) through the export: Plan with the fixture weights → SameDiff graph →
 * flat file → SameDiff.fromFlatFile → outputs compared with Keras's within the case tolerance.
 */
class SameDiffFixtureTest {
    private static final Path FIXTURES = Path.of("src/test/resources/oracle/forward");

    @TestFactory
    List<DynamicTest> everyInferenceCaseMatchesKeras() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        try (var files = Files.list(FIXTURES)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                JsonObject fixture = JsonParser.parseString(Files.readString(f)).getAsJsonObject();
                for (JsonElement c : fixture.getAsJsonArray("cases")) {
                    JsonObject kase = c.getAsJsonObject();
                    if (kase.has("training") && kase.get("training").getAsBoolean()) {
                        continue;
                    }
                    tests.add(DynamicTest.dynamicTest(kase.get("id").getAsString(), () -> run(kase)));
                }
            }
        }
        assertEquals(true, tests.size() > 100, "fixture cases found: " + tests.size());
        return tests;
    }

    private static void run(JsonObject kase) throws Exception {
        ModelIR model = Models.model(kase.get("nnl").getAsString());
        Plan plan = new Plan(model, DataType.FLOAT);
        for (JsonElement l : kase.getAsJsonArray("weights")) {
            JsonObject layer = l.getAsJsonObject();
            for (JsonElement w : layer.getAsJsonArray("weights")) {
                JsonObject weight = w.getAsJsonObject();
                Tensor t = plan.store().slot(layer.get("layer").getAsString(), weight.get("name").getAsString()).value();
                JsonArray values = weight.getAsJsonArray("values");
                assertEquals(t.size, values.size(), "value count");
                for (int i = 0; i < values.size(); i++) {
                    t.set(i, values.get(i).getAsDouble());
                }
            }
        }
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
        JsonArray shape = a.getAsJsonArray("shape");
        long[] s = new long[shape.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = shape.get(i).getAsLong();
        }
        JsonArray values = a.getAsJsonArray("values");
        float[] v = new float[values.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = values.get(i).getAsFloat();
        }
        return Nd4j.create(v, s, 'c');
    }
}
