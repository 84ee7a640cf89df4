package dev.nnl.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.nnl.compiler.Compilation;
import dev.nnl.compiler.Compiler;
import dev.nnl.compiler.source.SourceFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Models written by TF.js itself (tools/interop/generate.js: MLP, CNN with BatchNormalization,
 * LSTM after Embedding(mask_zero), GRU(reset_after=false), Bidirectional, a functional graph with
 * merges) import as source that checks without diagnostics, with TF.js's parameter count, and
 * predict TF.js's outputs within 1e-5.
 */
class TfjsFixturesTest {
    static final Path DIR = Path.of("src/test/resources/interop/tfjs");

    @Test
    void tfjsWrittenModelsImportAndPredictTheirOutputs() throws Exception {
        List<Path> cases;
        try (var l = Files.list(DIR)) {
            cases = l.filter(Files::isDirectory).sorted().toList();
        }
        assertEquals(6, cases.size(), "fixture cases");
        for (Path c : cases) {
            String id = c.getFileName().toString();
            JsonObject expected = JsonParser.parseString(Files.readString(c.resolve("expected.json"))).getAsJsonObject();
            KerasImport k = KerasImport.read(c.resolve("model.json"), null, id + ".nnl");
            Compilation comp = Compiler.compile(SourceFile.of(id + ".nnl", k.source()));
            assertTrue(comp.diagnostics().isEmpty(), id + ": " + comp.diagnostics() + "\n" + k.source());
            assertEquals(expected.get("params").getAsLong(), k.model().model().totalParams(), id + ": parameters");
            List<INDArray> in = new ArrayList<>();
            for (JsonElement e : expected.getAsJsonArray("inputs")) {
                in.add(array(e.getAsJsonObject()));
            }
            boolean ids = k.model().model().inputs().get(0).dtype().label().equals("int32");
            INDArray[] inputs = in.stream().map(a -> ids ? a.castTo(DataType.INT32) : a).toArray(INDArray[]::new);
            INDArray[] got = k.model().predict(inputs);
            JsonArray outs = expected.getAsJsonArray("outputs");
            assertEquals(outs.size(), got.length, id);
            for (int i = 0; i < got.length; i++) {
                INDArray want = array(outs.get(i).getAsJsonObject());
                assertTrue(want.equalsWithEps(got[i].castTo(DataType.FLOAT), 1e-5), id + ": output " + i + "\nTF.js " + want + "\nnnl   " + got[i]);
            }
        }
    }

    static INDArray array(JsonObject o) {
        JsonArray v = o.getAsJsonArray("values");
        float[] f = new float[v.size()];
        for (int i = 0; i < f.length; i++) {
            f[i] = v.get(i).getAsFloat();
        }
        return Nd4j.create(f, Fixtures.longs(o.getAsJsonArray("shape")), 'c');
    }
}
