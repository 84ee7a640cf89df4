package dev.nnl.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnl.compiler.ir.ModelIR;
import dev.nnl.runtime.artifact.Artifact;
import dev.nnl.runtime.artifact.ArtifactException;
import dev.nnl.runtime.data.Csv;
import dev.nnl.runtime.data.DataException;
import dev.nnl.runtime.data.DataSources;
import dev.nnl.runtime.data.Dataset;
import dev.nnl.runtime.data.Idx;
import dev.nnl.runtime.data.Npy;
import dev.nnl.runtime.data.Text;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every data problem is a DataException naming the file and what was expected, never a crash. */
class DataErrorsTest {
    private static DataException fails(org.junit.jupiter.api.function.Executable e) {
        return assertThrows(DataException.class, e);
    }

    @Test
    void missingDirectoryAndFiles(@TempDir Path dir) {
        DataException e = fails(() -> Idx.loadSplit(dir, true, 1));
        assertTrue(e.isIo() && e.getMessage().contains("train-images-idx3-ubyte"), e.getMessage());
        e = fails(() -> Npy.read(dir.resolve("nope.npy")));
        assertTrue(e.isIo() && e.getMessage().contains("no such file"), e.getMessage());
    }

    @Test
    void corruptAndTruncatedIdx(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("train-images-idx3-ubyte.gz");
        Files.write(bad, new byte[] {0x1f, (byte) 0x8b, 1, 2, 3});
        Files.write(dir.resolve("train-labels-idx1-ubyte"), new byte[] {0, 0, 8, 1, 0, 0, 0, 1, 3});
        assertTrue(fails(() -> Idx.loadSplit(dir, true, 1)).getMessage().contains("corrupt gzip"));
        Files.delete(bad);
        Files.write(dir.resolve("train-images-idx3-ubyte"), new byte[] {0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 2, 1, 2, 3});
        DataException e = fails(() -> Idx.loadSplit(dir, true, 1));
        assertTrue(e.getMessage().contains("promises 8 values but the file holds 3"), e.getMessage());
        assertTrue(!e.isIo());
    }

    @Test
    void shapeMismatchNamesBothShapes() {
        ModelIR m = Models.model("model M {\n input x: (28, 28, 3)\n Flatten()\n Dense(2, activation=softmax)\n}\n");
        Dataset d = new Dataset(List.of(new float[2 * 28 * 28]), List.of(new long[] {28, 28}), new float[2], new long[0], 2);
        DataException e = fails(() -> DataSources.fit(d, m, "sparse_categorical_crossentropy", "images"));
        assertTrue(e.getMessage().contains("(28, 28)") && e.getMessage().contains("(28, 28, 3)"), e.getMessage());
    }

    @Test
    void channelAxisIsAddedForOneChannelImages() throws Exception {
        ModelIR m = Models.model("model M {\n input x: (28, 28, 1)\n Flatten()\n Dense(2, activation=softmax)\n}\n");
        Dataset d = new Dataset(List.of(new float[2 * 28 * 28]), List.of(new long[] {28, 28}), new float[] {0, 1}, new long[0], 2);
        Dataset fitted = DataSources.fit(d, m, "sparse_categorical_crossentropy", "images");
        assertEquals(List.of(28L, 28L, 1L), java.util.Arrays.stream(fitted.featureShapes().get(0)).boxed().toList());
        assertEquals(784, fitted.perSample(0), "the same pixels, one channel");
    }

    @Test
    void labelsOutOfRangeAndEmptyData() {
        ModelIR m = Models.model("model M {\n input x: (4)\n Dense(3, activation=softmax)\n}\n");
        Dataset d = new Dataset(List.of(new float[8]), List.of(new long[] {4}), new float[] {0, 7}, new long[0], 2);
        DataException e = fails(() -> DataSources.fit(d, m, "sparse_categorical_crossentropy", "t.csv"));
        assertTrue(e.getMessage().contains("label 7") && e.getMessage().contains("ids 0..2"), e.getMessage());
        Dataset empty = new Dataset(List.of(new float[0]), List.of(new long[] {4}), new float[0], new long[0], 0);
        assertTrue(fails(() -> DataSources.fit(empty, m, "mse", "t.csv")).getMessage().contains("no samples"));
    }

    @Test
    void csvProblems(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("t.csv");
        Files.writeString(f, "a,b,label\n1,2,x\n3,oops,y\n");
        DataException e = fails(() -> Csv.load(f, "label", true, 1, 0, ",", false, null, true));
        assertTrue(e.getMessage().contains("t.csv:3") && e.getMessage().contains("`b`") && e.getMessage().contains("oops"), e.getMessage());
        Files.writeString(f, "a,b,label\n");
        assertTrue(fails(() -> Csv.load(f, "label", true, 1, 0, ",", false, null, true)).getMessage().contains("no data rows"));
        Files.writeString(f, "a,b\n1,2\n");
        assertTrue(fails(() -> Csv.load(f, "label", true, 1, 0, ",", false, null, true)).getMessage().contains("no column `label`"));
    }

    @Test
    void textInAnotherEncoding(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("t.tsv");
        Files.write(f, new byte[] {'t', 'e', 'x', 't', '\t', 'l', 'a', 'b', 'e', 'l', '\n', (byte) 0xe9, 't', 'e', '\t', 'a', '\n'});
        DataException e = fails(() -> Text.load(f, "label", "words", 5, null, true, null, true));
        assertTrue(e.getMessage().contains("not UTF-8"), e.getMessage());
    }

    @Test
    void foreignAndCorruptArtifacts(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("m.nnlz");
        Files.writeString(f, "not a zip");
        ArtifactException e = assertThrows(ArtifactException.class, () -> Artifact.load(f));
        assertTrue(e.getMessage().contains("not an .nnlz"), e.getMessage());
        assertTrue(assertThrows(ArtifactException.class, () -> Artifact.load(dir.resolve("none.nnlz"))).isIo());
    }
}
