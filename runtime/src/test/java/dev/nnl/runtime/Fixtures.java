package dev.nnl.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.nnl.runtime.plan.Plan;
import dev.nnl.runtime.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.function.ThrowingConsumer;
import org.nd4j.linalg.api.buffer.DataType;

/** The Keras forward fixtures (resources/oracle/forward, from tools/oracle-fixtures/forward.js), for every test that runs them. */
public final class Fixtures {
    public static final Path FORWARD = Path.of("src/test/resources/oracle/forward");

    private Fixtures() {
    }

    /** One dynamic test per forward case ({@link #forwardCases}), named by the case's id, running {@code check} on it. */
    public static List<DynamicTest> forwardTests(boolean withTraining, ThrowingConsumer<JsonObject> check) throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonObject kase : forwardCases(withTraining)) {
            tests.add(DynamicTest.dynamicTest(kase.get("id").getAsString(), () -> check.accept(kase)));
        }
        return tests;
    }

    /** Every case of every fixture file, in file order; {@code training} cases only when asked for. */
    public static List<JsonObject> forwardCases(boolean withTraining) throws IOException {
        List<JsonObject> cases = new ArrayList<>();
        try (var files = Files.list(FORWARD)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                for (JsonElement c : JsonParser.parseString(Files.readString(f)).getAsJsonObject().getAsJsonArray("cases")) {
                    JsonObject kase = c.getAsJsonObject();
                    if (withTraining || !(kase.has("training") && kase.get("training").getAsBoolean())) {
                        cases.add(kase);
                    }
                }
            }
        }
        return cases;
    }

    /** The case's model as a float32 plan holding the case's weights. */
    public static Plan plan(JsonObject kase) {
        Plan plan = new Plan(Models.model(kase.get("nnl").getAsString()), DataType.FLOAT);
        for (JsonElement l : kase.getAsJsonArray("weights")) {
            JsonObject layer = l.getAsJsonObject();
            for (JsonElement w : layer.getAsJsonArray("weights")) {
                JsonObject weight = w.getAsJsonObject();
                fill(plan.store().slot(layer.get("layer").getAsString(), weight.get("name").getAsString()).value(),
                        weight.getAsJsonArray("values"));
            }
        }
        return plan;
    }

    public static void fill(Tensor t, JsonArray values) {
        assertEquals(t.size, values.size(), "value count");
        for (int i = 0; i < values.size(); i++) {
            t.set(i, values.get(i).getAsDouble());
        }
    }

    public static long[] longs(JsonArray a) {
        long[] out = new long[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).getAsLong();
        }
        return out;
    }
}
