package dev.nnl.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.nnl.compiler.ir.InputNode;
import dev.nnl.compiler.ir.ModelIR;
import dev.nnl.runtime.tensor.ParamStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Every sample and every forward-fixture model, exported to TF.js: (1) the real TF.js 4.22 loads
 * each export and gives nnl's outputs within 1e-5 ({@code tools/interop/check.js}, skipped only
 * under {@code -Dnnl.skipNpm}); (2) importing the export gives back the same summary and the same
 * outputs. Models with a layer TF.js cannot run as Keras does are refused by the export with a
 * reason; those round-trip through the Keras JSON export instead (same summary, and the same
 * outputs with the same weights).
 */
class KerasInteropTest {
    static final Path SAMPLES = Path.of("../samples");
    static final Path CHECK = Path.of("../tools/interop/check.js");

    record Case(String id, TrainedModel model, INDArray[] inputs) {
    }

    @Test
    void exportsLoadInTfjsAndRoundTrip(@TempDir Path dir) throws Exception {
        List<Case> cases = new ArrayList<>();
        try (var files = Files.list(SAMPLES)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".nnl")).sorted().toList()) {
                TrainedModel m = Nnl.compile(f).initialize(7);
                cases.add(new Case("sample_" + f.getFileName().toString().replace(".nnl", ""), m, inputs(m.model())));
            }
        }
        for (JsonObject k : Fixtures.forwardCases(false)) {
            cases.add(new Case(k.get("id").getAsString(), fixtureModel(k), fixtureInputs(k)));
        }
        int exported = 0;
        List<String> refused = new ArrayList<>();
        for (Case c : cases) {
            Path out = dir.resolve(c.id());
            INDArray[] want = c.model().predict(c.inputs());
            try {
                c.model().exportTfjs(out);
            } catch (NnlException e) {
                assertTrue(e.getMessage().contains("TF.js 4.22"), c.id() + ": " + e.getMessage());
                refused.add(c.id());
                roundTripKerasJson(c, want, dir);
                continue;
            }
            exported++;
            writeExpected(out.resolve("expected.json"), c.inputs(), want);
            KerasImport back = KerasImport.read(out.resolve("model.json"), c.model().name(), c.id() + ".nnl");
            assertEquals(c.model().model().totalParams(), back.model().model().totalParams(), c.id());
            assertEquals(Nnl.compile(c.id() + ".nnl", back.source(), null).summary(),
                    CompiledModel.of(c.model().compilation(), c.model().model()).summary(), c.id() + ": summary after the round trip\n" + back.source());
            INDArray[] got = back.model().predict(c.inputs());
            for (int i = 0; i < want.length; i++) {
                assertTrue(want[i].equalsWithEps(got[i], 1e-6), c.id() + ": output " + i + " after the round trip");
            }
        }
        System.out.println("KerasInteropTest: " + exported + " models exported to TF.js and round-tripped; refused by the TF.js limits: " + refused);
        assertTrue(exported > 150, "exported " + exported);
        if (Boolean.getBoolean("nnl.skipNpm")) {
            return;
        }
        Process p = new ProcessBuilder("node", CHECK.toString(), dir.toString()).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(20, TimeUnit.MINUTES), "check.js timed out");
        assertEquals(0, p.exitValue(), log);
        System.out.println(log.strip());
    }

    /**
     * A model TF.js cannot run goes through Keras's JSON config instead: the import of the config
     * gives the same summary, and with the same weights (same layers, names and shapes) the same outputs.
     */
    private static void roundTripKerasJson(Case c, INDArray[] want, Path dir) throws Exception {
        Path json = dir.resolve(c.id() + ".json");
        c.model().exportKerasJson(json);
        KerasImport back = KerasImport.read(json, c.model().name(), c.id() + ".nnl");
        CompiledModel compiled = Nnl.compile(c.id() + ".nnl", back.source(), null);
        assertEquals(compiled.summary(), CompiledModel.of(c.model().compilation(), c.model().model()).summary(),
                c.id() + ": summary after the Keras JSON round trip\n" + back.source());
        TrainedModel m = compiled.initialize(0);
        List<ParamStore.Slot> from = c.model().slots();
        List<ParamStore.Slot> to = m.slots();
        assertEquals(from.size(), to.size(), c.id());
        for (int i = 0; i < from.size(); i++) {
            assertEquals(from.get(i).key(), to.get(i).key(), c.id());
            float[] v = new float[from.get(i).value().size];
            for (int j = 0; j < v.length; j++) {
                v[j] = (float) from.get(i).value().get(j);
            }
            m.setWeight(to.get(i), v);
        }
        INDArray[] got = m.predict(c.inputs());
        for (int i = 0; i < want.length; i++) {
            assertTrue(want[i].equalsWithEps(got[i], 1e-6), c.id() + ": output " + i + " after the Keras JSON round trip");
        }
    }

    /** The forward case's model with the case's weights. */
    static TrainedModel fixtureModel(JsonObject k) throws NnlException {
        TrainedModel m = Nnl.compile("case.nnl", k.get("nnl").getAsString(), null).initialize(0);
        for (JsonElement l : k.getAsJsonArray("weights")) {
            JsonObject layer = l.getAsJsonObject();
            for (JsonElement w : layer.getAsJsonArray("weights")) {
                JsonObject weight = w.getAsJsonObject();
                ParamStore.Slot s = m.slots().stream().filter(x -> x.layer().equals(layer.get("layer").getAsString())
                        && x.weight().name().equals(weight.get("name").getAsString())).findFirst().orElseThrow();
                JsonArray v = weight.getAsJsonArray("values");
                float[] f = new float[v.size()];
                for (int i = 0; i < f.length; i++) {
                    f[i] = v.get(i).getAsFloat();
                }
                m.setWeight(s, f);
            }
        }
        return m;
    }

    static INDArray[] fixtureInputs(JsonObject k) {
        List<INDArray> out = new ArrayList<>();
        for (JsonElement e : k.getAsJsonArray("inputs")) {
            JsonObject in = e.getAsJsonObject();
            JsonArray v = in.getAsJsonArray("values");
            float[] f = new float[v.size()];
            for (int i = 0; i < f.length; i++) {
                f[i] = v.get(i).getAsFloat();
            }
            INDArray a = Nd4j.create(f, Fixtures.longs(in.getAsJsonArray("shape")), 'c');
            out.add("int32".equals(in.get("dtype").getAsString()) ? a.castTo(DataType.INT32) : a);
        }
        return out.toArray(INDArray[]::new);
    }

    /** Seeded inputs for a sample: U(-1, 1) floats, ids 0..3 (0 is padding) for int32 inputs, 6 steps for an unknown length. */
    static INDArray[] inputs(ModelIR m) {
        List<INDArray> out = new ArrayList<>();
        java.util.Random r = new java.util.Random(42);
        for (InputNode in : m.inputs()) {
            long[] dims = in.shape().prepend(2).dims();
            for (int i = 0; i < dims.length; i++) {
                dims[i] = dims[i] < 0 ? 6 : dims[i];
            }
            long n = 1;
            for (long d : dims) {
                n *= d;
            }
            float[] f = new float[(int) n];
            for (int i = 0; i < f.length; i++) {
                f[i] = in.dtype().label().equals("int32") ? r.nextInt(4) : r.nextFloat() * 2 - 1;
            }
            INDArray a = Nd4j.create(f, dims, 'c');
            out.add(in.dtype().label().equals("int32") ? a.castTo(DataType.INT32) : a);
        }
        return out.toArray(INDArray[]::new);
    }

    static void writeExpected(Path file, INDArray[] inputs, INDArray[] outputs) throws IOException {
        JsonObject e = new JsonObject();
        JsonArray ins = new JsonArray();
        for (INDArray a : inputs) {
            ins.add(array(a, a.dataType() == DataType.INT32 ? "int32" : "float32"));
        }
        JsonArray outs = new JsonArray();
        for (INDArray a : outputs) {
            outs.add(array(a, "float32"));
        }
        e.add("inputs", ins);
        e.add("outputs", outs);
        e.addProperty("tolerance", 1e-5);
        Files.writeString(file, e.toString());
    }

    private static JsonObject array(INDArray a, String dtype) {
        JsonObject o = new JsonObject();
        JsonArray shape = new JsonArray();
        for (long d : a.shape()) {
            shape.add(d);
        }
        JsonArray v = new JsonArray();
        INDArray flat = a.castTo(DataType.DOUBLE).dup('c').reshape(a.length());
        for (long i = 0; i < a.length(); i++) {
            v.add(dtype.equals("int32") ? (Number) (long) flat.getDouble(i) : (Number) (float) flat.getDouble(i));
        }
        o.add("shape", shape);
        o.addProperty("dtype", dtype);
        o.add("values", v);
        return o;
    }
}
