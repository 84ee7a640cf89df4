package dev.nnl.cli;

import static dev.nnl.cli.TrainCliTest.REPO;
import static dev.nnl.cli.TrainCliTest.nnlc;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import dev.nnl.cli.TrainCliTest.Run;
import java.io.DataInputStream;
import java.io.File;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * `nnlc compile --format samediff`: the file is loaded with nothing but ND4J and must give what
 * `nnlc predict` gives for the same samples.
 */
class SameDiffCliTest {
    static final Path FASHION = REPO.resolve("samples/data/fashion-mnist");
    static final int SAMPLES = 40;

    @Test
    void plainNd4jRunsTheExportedGraphAsNnlcPredicts(@TempDir Path dir) throws Exception {
        Path src = dir.resolve("cnn.nnl");
        Files.writeString(src, "model Cnn {\n    input image: (28, 28, 1)\n    Conv2D(8, 3, activation=relu)\n"
                + "    MaxPooling2D()\n    Dropout(0.25)\n    Flatten()\n    Dense(10, activation=softmax)\n}\n\n"
                + "train Cnn {\n    data = idx(\"" + FASHION + "\", scale=1/255)\n    loss = sparse_categorical_crossentropy\n"
                + "    optimizer = Adam()\n    epochs = 1\n    seed = 3\n}\n");
        Path model = dir.resolve("cnn.nnlz");
        assertEquals(0, nnlc("train", src.toString(), "-o", model.toString(), "-q").code());
        Path graph = dir.resolve("cnn.fb");
        Run c = nnlc("compile", model.toString(), "--format", "samediff", "-o", graph.toString());
        assertEquals(0, c.code(), c.err());
        assertEquals("Wrote " + graph + ": SameDiff inference graph of Cnn (trained 1 epoch)\n"
                + "  input   image  float32  (-1, 28, 28, 1)\n"
                + "  output  dense  float32  (-1, 10)\n"
                + "  feed inputs preprocessed as in training: multiply by 0.00392157\n", c.out());

        Path images = FASHION.resolve("t10k-images-idx3-ubyte.gz");
        Run p = nnlc("predict", model.toString(), images.toString(), "--format", "json");
        assertEquals(0, p.code(), p.err());
        List<String> rows = p.out().lines().limit(SAMPLES).toList();

        // Plain ND4J from here on: the graph file, and the pixels scaled as the note says.
        SameDiff sd = SameDiff.fromFlatFile(new File(graph.toString()));
        INDArray x = Nd4j.createFromArray(pixels(images, SAMPLES)).reshape(SAMPLES, 28, 28, 1).muli(1 / 255.0);
        INDArray y = sd.output(Map.of("image", x), "dense").get("dense");
        assertArrayEquals(new long[] {SAMPLES, 10}, y.shape());
        for (int i = 0; i < SAMPLES; i++) {
            var probabilities = JsonParser.parseString(rows.get(i)).getAsJsonObject().getAsJsonArray("probabilities");
            for (int k = 0; k < 10; k++) {
                assertEquals(probabilities.get(k).getAsDouble(), y.getDouble(i, k), 1e-5, "sample " + i + " class " + k);
            }
        }
    }

    @Test
    void exportsFromSourceWithInitializedWeightsAndExplainsWhatItCannotExport(@TempDir Path dir) throws Exception {
        Path graph = dir.resolve("two.fb");
        Run c = nnlc("compile", REPO.resolve("samples/two_tower.nnl").toString(), "--format", "samediff", "-o", graph.toString());
        assertEquals(0, c.code(), c.err());
        assertTrue(c.out().startsWith("Wrote " + graph + ": SameDiff inference graph of TwoTower (untrained, seed 42)\n"
                + "  input   chars    int32    (-1, 16)\n"), c.out());
        assertTrue(Files.size(graph) > 1000);

        Path open = dir.resolve("open.nnl");
        Files.writeString(open, "model Open {\n    input x: (none, 8)\n    LSTM(4)\n}\n");
        Run e = nnlc("compile", open.toString(), "--format", "samediff", "-o", dir.resolve("open.fb").toString());
        assertEquals(1, e.code());
        assertTrue(e.err().startsWith("error: SameDiff export: layer `lstm` (LSTM): its input has an unknown number of time steps"),
                e.err());
        assertTrue(!Files.exists(dir.resolve("open.fb")));

        Run data = nnlc("compile", open.toString(), "--format", "samediff", "--data", "x.csv");
        assertEquals(2, data.code());
    }

    /** The first {@code n} images of an IDX file, as bytes 0..255. */
    static float[] pixels(Path idx, int n) throws Exception {
        try (InputStream raw = Files.newInputStream(idx); DataInputStream in = new DataInputStream(new GZIPInputStream(raw))) {
            in.readInt();
            in.readInt();
            int rows = in.readInt();
            int cols = in.readInt();
            float[] v = new float[n * rows * cols];
            for (int i = 0; i < v.length; i++) {
                v[i] = in.readUnsignedByte();
            }
            return v;
        }
    }
}
