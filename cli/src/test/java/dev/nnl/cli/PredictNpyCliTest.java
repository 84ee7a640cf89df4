package dev.nnl.cli;

import static dev.nnl.cli.TrainCliTest.REPO;
import static dev.nnl.cli.TrainCliTest.nnlc;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonParser;
import dev.nnl.cli.TrainCliTest.Run;
import dev.nnl.runtime.data.Npy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `nnlc predict --format npy -o OUT.npy`: the raw output arrays, one .npy per model output. */
class PredictNpyCliTest {
    @Test
    void theFileHoldsExactlyTheValuesPredictPrints(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("iris.nnlz");
        assertEquals(0, nnlc("compile", REPO.resolve("samples/iris_mlp.nnl").toString(), "-o", model.toString()).code());
        Path flowers = dir.resolve("flowers.csv");
        Files.writeString(flowers, "sepal_length,sepal_width,petal_length,petal_width\n5.1,3.5,1.4,0.2\n6.7,3.0,5.2,2.3\n5.9,3.0,4.2,1.5\n");
        Run json = nnlc("predict", model.toString(), flowers.toString(), "--format", "json");
        assertEquals(0, json.code(), json.err());
        Path out = dir.resolve("probs.npy");
        Run npy = nnlc("predict", model.toString(), flowers.toString(), "--format", "npy", "-o", out.toString());
        assertEquals(0, npy.code(), npy.err());
        assertEquals("", npy.out() + npy.err());

        Npy.Array a = Npy.read(out);
        assertArrayEquals(new long[] {3, 3}, a.shape());
        String[] lines = json.out().strip().split("\n");
        float[] printed = new float[9];
        for (int r = 0; r < 3; r++) {
            JsonArray p = JsonParser.parseString(lines[r]).getAsJsonObject().getAsJsonArray("probabilities");
            for (int c = 0; c < 3; c++) {
                printed[r * 3 + c] = p.get(c).getAsFloat();
            }
        }
        assertArrayEquals(printed, a.values(), "bit for bit: JSON prints each float32 in full");
    }

    @Test
    void severalOutputsGiveOneFileEachNamedAsTheSameDiffExportNamesThem(@TempDir Path dir) throws Exception {
        Path src = Files.writeString(dir.resolve("multi.nnl"), """
                model M {
                    input x: (4, 3)
                    e = x -> Bidirectional(LSTM(2, return_sequences=true), merge_mode=none, name="bi")
                    d = x -> Flatten() -> Dense(2, activation=softmax, name="head")
                    output e, d
                }
                """);
        Path model = dir.resolve("m.nnlz");
        assertEquals(0, nnlc("compile", src.toString(), "-o", model.toString(), "--seed", "5").code());
        Path x = dir.resolve("x.npy");
        try (var o = Files.newOutputStream(x)) {
            Npy.write(o, new long[] {2, 4, 3}, new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, -1, -2, -3, -4, -5, -6, 0, 0, 0, 1, 1, 1});
        }
        Run r = nnlc("predict", model.toString(), x.toString(), "--format", "npy", "-o", dir.resolve("y.npy").toString());
        assertEquals(0, r.code(), r.err());
        assertFalse(Files.exists(dir.resolve("y.npy")));
        assertArrayEquals(new long[] {2, 4, 2}, Npy.read(dir.resolve("y_bi.npy")).shape());
        assertArrayEquals(new long[] {2, 4, 2}, Npy.read(dir.resolve("y_bi_1.npy")).shape());
        Npy.Array head = Npy.read(dir.resolve("y_head.npy"));
        assertArrayEquals(new long[] {2, 2}, head.shape());
        Run csv = nnlc("predict", model.toString(), x.toString());
        List<String> rows = csv.out().strip().lines().toList();
        assertEquals("y_0,y_1,y_2,y_3,y_4,y_5,y_6,y_7", rows.get(0), "the text formats show the first output (bi)");
        assertEquals(Npy.read(dir.resolve("y_bi.npy")).values()[8], Float.parseFloat(rows.get(2).split(",")[0]), 1e-6f);

        Run compiled = nnlc("compile", model.toString(), "--format", "samediff", "-o", dir.resolve("m.fb").toString());
        assertTrue(compiled.out().contains(" bi ") && compiled.out().contains(" bi_1 ") && compiled.out().contains(" head "),
                compiled.out());

        // An output that would replace the input is refused before anything is written.
        Path clash = dir.resolve("z_head.npy");
        Files.copy(x, clash);
        byte[] before = Files.readAllBytes(clash);
        Run refused = nnlc("predict", model.toString(), clash.toString(), "--format", "npy", "-o", dir.resolve("z.npy").toString());
        assertEquals(1, refused.code(), refused.err());
        assertEquals("error: cannot write " + clash + ": this command also reads or writes it; choose another output file",
                refused.err().strip());
        assertArrayEquals(before, Files.readAllBytes(clash));
        assertFalse(Files.exists(dir.resolve("z_bi.npy")));
    }

    @Test
    void npyNeedsAnOutputFileAndMayNotReplaceAnInput(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("iris.nnlz");
        assertEquals(0, nnlc("compile", REPO.resolve("samples/iris_mlp.nnl").toString(), "-o", model.toString()).code());
        Path flowers = Files.writeString(dir.resolve("flowers.csv"), "sepal_length,sepal_width,petal_length,petal_width\n5.1,3.5,1.4,0.2\n");
        Run r = nnlc("predict", model.toString(), flowers.toString(), "--format", "npy");
        assertEquals(ExitCode.USAGE, r.code());
        assertEquals("error: --format npy writes binary files: give one with -o, e.g. -o out.npy\n", r.err());
        assertEquals("", r.out());

        Run same = nnlc("predict", model.toString(), flowers.toString(), "--format", "npy", "-o", model.toString());
        assertEquals(ExitCode.INPUT, same.code());
        assertTrue(same.err().startsWith("error: cannot write " + model + ": this command also reads or writes it"), same.err());
        assertEquals(0, nnlc("predict", model.toString(), flowers.toString()).code(), "the model is intact");

        Run bad = nnlc("predict", model.toString(), flowers.toString(), "--format", "npz", "-o", "x.npz");
        assertEquals(ExitCode.USAGE, bad.code());
        assertEquals("error: --format takes csv, json or npy, found `npz`\n", bad.err());
    }
}
