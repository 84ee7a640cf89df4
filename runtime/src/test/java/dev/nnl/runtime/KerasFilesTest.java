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
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Keras 2 {@code .h5} and Keras 3 {@code .keras} files in Keras's layouts
 * (tools/interop/keras_files.py): each imports as source that checks without diagnostics, with the
 * parameter count its config implies, predicts the Keras 3 formulas' outputs within 1e-5, and
 * writes an .nnl and .nnlz that load back.
 */
class KerasFilesTest {
    static final Path DIR = Path.of("src/test/resources/interop/keras");

    @TempDir
    Path out;

    @ParameterizedTest
    @ValueSource(strings = {"keras2_mlp.h5", "keras2_bilstm.h5", "keras3_mlp.keras", "keras3_gru.keras"})
    void importsAndPredictsKerasOutputs(String file) throws Exception {
        String id = file.substring(0, file.indexOf('.'));
        JsonObject expected = JsonParser.parseString(Files.readString(DIR.resolve(id + ".expected.json"))).getAsJsonObject();
        KerasImport k = KerasImport.read(DIR.resolve(file), null, id + ".nnl");
        Compilation c = Compiler.compile(SourceFile.of(id + ".nnl", k.source()));
        assertTrue(c.diagnostics().isEmpty(), id + ": " + c.diagnostics() + "\n" + k.source());
        assertEquals(expected.get("params").getAsLong(), k.model().model().totalParams(), id + ": parameters\n" + k.source());
        List<INDArray> in = new ArrayList<>();
        for (JsonElement e : expected.getAsJsonArray("inputs")) {
            in.add(TfjsFixturesTest.array(e.getAsJsonObject()));
        }
        k.write(out.resolve(id + ".nnl"), out.resolve(id + ".nnlz"));
        TrainedModel loaded = Nnl.load(out.resolve(id + ".nnlz"));
        assertEquals(k.source(), Files.readString(out.resolve(id + ".nnl")));
        JsonArray outs = expected.getAsJsonArray("outputs");
        for (TrainedModel m : List.of(k.model(), loaded)) {
            INDArray[] got = m.predict(in.toArray(INDArray[]::new));
            for (int i = 0; i < got.length; i++) {
                INDArray want = TfjsFixturesTest.array(outs.get(i).getAsJsonObject());
                assertTrue(want.equalsWithEps(got[i].castTo(DataType.FLOAT), 1e-5), id + ": output " + i + "\nKeras " + want + "\nnnl   " + got[i]);
            }
        }
    }
}
