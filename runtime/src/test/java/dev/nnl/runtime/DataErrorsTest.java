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
import dev.nnl.runtime.data.LabelClasses;
import dev.nnl.runtime.data.Loaded;
import dev.nnl.runtime.data.Npy;
import dev.nnl.runtime.data.Pretrained;
import dev.nnl.runtime.data.Text;
import dev.nnl.runtime.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;

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

    @Test
    void aMissingFileSuggestsTheClosestName(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("iris.csv"), "a,label\n1,0\n");
        DataException e = fails(() -> Csv.load(dir.resolve("irsi.csv"), null, true, 1, 0, ",", false, null, true));
        assertEquals(dir.resolve("irsi.csv") + ": no such file; did you mean `iris.csv`?", e.getMessage());
        assertTrue(e.isIo());
        e = fails(() -> Npy.read(dir.resolve("zzzzzz.npy")));
        assertEquals(dir.resolve("zzzzzz.npy") + ": no such file", e.getMessage(), "nothing close: no suggestion");
        e = fails(() -> Csv.load(dir.resolve("no/dir/iris.csv"), null, true, 1, 0, ",", false, null, true));
        assertTrue(e.getMessage().endsWith(": no such file"), e.getMessage());
    }

    @Test
    void pretrainedVectorsMustBeFinite(@TempDir Path dir) throws Exception {
        Path vectors = dir.resolve("v.txt");
        Files.writeString(vectors, "cat 0.1 NaN 0.3\n");
        Tensor table = Tensor.zeros(DataType.FLOAT, 3, 3);
        DataException e = fails(() -> Pretrained.load(vectors, List.of("", "[UNK]", "cat"), table, "embedding"));
        assertEquals(vectors + ":1: the vector of `cat` needs a finite number, found `NaN`", e.getMessage());
    }

    private static Dataset labels(float... y) {
        return new Dataset(List.of(new float[y.length]), List.of(new long[] {1}), y, new long[0], y.length);
    }

    @Test
    void aClassifierNeedsTwoClassesInTheTrainingLabels() throws Exception {
        DataException e = fails(() -> LabelClasses.check(labels(1, 1, 1), null, "sparse_categorical_crossentropy",
                List.of("setosa", "versicolor"), false, "t.csv"));
        assertEquals("t.csv: the training labels hold one class only (`versicolor`), and a classifier needs at least 2 to learn "
                + "anything (is the label column the right one?)", e.getMessage());
        assertTrue(fails(() -> LabelClasses.check(labels(0, 0), null, "binary_crossentropy", List.of(), false, "t.csv"))
                .getMessage().contains("one class only (`0`)"));
        Dataset oneHot = new Dataset(List.of(new float[2]), List.of(new long[] {1}), new float[] {0, 1, 0, 1}, new long[] {2}, 2);
        assertTrue(fails(() -> LabelClasses.check(oneHot, null, "categorical_crossentropy", List.of(), false, "t.csv"))
                .getMessage().contains("one class only (`1`)"));
        assertEquals(List.of("t.csv: every training label is `7`, so the model can only learn that one value"),
                LabelClasses.check(labels(7, 7), null, "mse", List.of(), false, "t.csv"));
        assertEquals(List.of(), LabelClasses.check(labels(7, 8), null, "mse", List.of(), false, "t.csv"));
    }

    @Test
    void validationClassesTheTrainingLacksAreWarned() throws Exception {
        Dataset all = labels(0, 1, 0, 1, 2, 2);
        List<String> w = LabelClasses.check(all.slice(0, 4), all.slice(4, 6), "sparse_categorical_crossentropy",
                List.of("a", "b", "c"), true, "t.csv");
        assertEquals(List.of("t.csv: the validation data holds class `c` (2 samples) that the training data lacks; validation_split "
                + "takes the last rows of the data, so shuffle its rows (or sort it by something other than the label)"), w);
        assertEquals(List.of(), LabelClasses.check(all.slice(0, 5), all.slice(5, 6), "sparse_categorical_crossentropy",
                List.of("a", "b", "c"), true, "t.csv"));
    }

    @Test
    void wordLabelsWithABinaryLossNameTheClassesAndTheFix(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("t.csv");
        Files.writeString(f, "a,label\n1,cat\n2,dog\n3,fox\n");
        Loaded l = Csv.load(f, "label", true, 1, 0, ",", false, null, true);
        ModelIR m = Models.model("model M {\n input x: (1)\n Dense(1, activation=sigmoid)\n}\n");
        DataException e = fails(() -> DataSources.fit(l, m, "binary_crossentropy", "t.csv"));
        assertEquals("t.csv: binary_crossentropy needs 2 classes, but the labels hold 3 classes (cat, dog, fox); for 3 classes use "
                + "loss = sparse_categorical_crossentropy with `Dense(3, activation=softmax)` as the output layer", e.getMessage());
        ModelIR two = Models.model("model M {\n input x: (1)\n Dense(2, activation=softmax)\n}\n");
        e = fails(() -> DataSources.fit(l, two, "sparse_categorical_crossentropy", "t.csv"));
        assertTrue(e.getMessage().contains("the labels hold 3 classes (cat, dog, fox), but the output has 2 units; "
                + "use `Dense(3, activation=softmax)`"), e.getMessage());
    }

    @Test
    void aCsvFeatureCountMismatchNamesTheColumns(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("t.csv");
        Files.writeString(f, "a,b,id,c\n1,2,3,0\n");
        Loaded l = Csv.load(f, null, true, 1, 0, ",", false, null, true);
        ModelIR m = Models.model("model M {\n input x: (2)\n Dense(1)\n}\n");
        DataException e = fails(() -> DataSources.fit(l, m, "mse", "t.csv"));
        assertEquals("t.csv: samples of shape (3) do not fit input `x` of shape (2): the features are the 3 columns a, b, id and the "
                + "label is `c` (csv(…, label=NAME) names the label column; by default it is the last)", e.getMessage());
    }

    /** A version 1.0 .npy file of little-endian float64 values, shape (rows, values / rows). */
    private static void writeNpy(Path file, int rows, double... values) throws Exception {
        String header = "{'descr': '<f8', 'fortran_order': False, 'shape': (" + rows + ", " + values.length / rows + "), }";
        header += " ".repeat(63 - (10 + header.length()) % 64) + "\n";
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(10 + header.length() + 8 * values.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)).put((byte) 1).put((byte) 0);
        b.putShort((short) header.length()).put(header.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        for (double v : values) {
            b.putDouble(v);
        }
        Files.write(file, b.array());
    }

    @Test
    void npyValuesMustBeFinite(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("x.npy");
        writeNpy(f, 2, 1, 2, 3, 4);
        assertEquals(4, Npy.read(f).values().length);
        writeNpy(f, 2, 1, 2, Double.NaN, 4);
        assertEquals(f + ": row 1 (0-based) holds NaN; the data must be finite numbers", fails(() -> Npy.read(f)).getMessage());
        writeNpy(f, 2, 1e300, 2, 3, 4);
        assertEquals(f + ": row 0 (0-based) holds an infinity (or a number too large for float32); the data must be finite numbers",
                fails(() -> Npy.read(f)).getMessage());
    }

    /** A .npy file: the magic, version {@code major}.0, the header (padded as NumPy pads it) and {@code data}. */
    static byte[] npy(int major, String header, byte[] data) {
        int start = major == 1 ? 10 : 12;
        StringBuilder h = new StringBuilder(header);
        while ((start + h.length() + 1) % 64 != 0) {
            h.append(' ');
        }
        h.append('\n');
        byte[] text = h.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(start + text.length + data.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).put((byte) major).put((byte) 0);
        if (major == 1) {
            b.putShort((short) text.length);
        } else {
            b.putInt(text.length);
        }
        return b.put(text).put(data).array();
    }

    @Test
    void npyFromPython2ReadsLongSizes(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("x.npy");
        Files.write(f, npy(1, "{'descr': '|u1', 'fortran_order': False, 'shape': (2L, 4L), }", new byte[] {1, 2, 3, 4, 5, 6, 7, 8}));
        Npy.Array a = Npy.read(f);
        assertEquals(List.of(2L, 4L), java.util.Arrays.stream(a.shape()).boxed().toList());
        assertEquals(8f, a.values()[7]);
        assertEquals(2, a.rows());
    }

    @Test
    void npyHeaderLengthsOutOfBounds(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("x.npy");
        byte[] ok = npy(2, "{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }", new byte[4]);
        for (int len : new int[] {-1, -64, Integer.MAX_VALUE, 1 << 20, ok.length}) {
            byte[] bad = ok.clone();
            java.nio.ByteBuffer.wrap(bad).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(8, len);
            Files.write(f, bad);
            DataException e = fails(() -> Npy.read(f));
            assertTrue(!e.isIo() && (e.getMessage().contains("claims " + Integer.toUnsignedString(len) + " bytes")), e.getMessage());
        }
    }

    @Test
    void npyHeadersAreValidatedInFull(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("x.npy");
        String[][] cases = {
            {"{'descr': '<f4', 'fortran_order': False, 'shape': (1099511627776, 1099511627776), }", "more values than nnl can hold"},
            {"{'descr': '<f4', 'fortran_order': False, 'shape': (4294967296, 0), }", "more values than nnl can hold"},
            {"{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999999999999,), }", "too large"},
            {"{'descr': '<f4', 'fortran_order': False, 'shape': (-1, 2), }", "negative size"},
            {"{'descr': '<f4', 'fortran_order': False, 'shape': (2.5,), }", "whole numbers"},
            {"{'descr': '<c8', 'fortran_order': False, 'shape': (1,), }", "dtype '<c8' is not supported"},
            {"{'descr': '<f4', 'shape': (1,), }", "exactly the keys"},
            {"{'descr': '<f4', 'fortran_order': False, 'shape': (1,), 'x': 1}", "unexpected '1'"},
            {"{'descr': '<f4', 'fortran_order': False, 'shape': (1,), 'extra': True}", "exactly the keys"},
            {"{'descr': '<f4', 'fortran_order': 0, 'shape': (1,), }", "unexpected '0'"},
            {"{'descr': '<f4', 'fortran_order': False, 'shape': 1, }", "unexpected '1'"},
            {"{'descr': '<f4', 'fortran_order': False, 'shape': (1,) ", "expected '}'"},
            {"{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }", "promises 3 values of 4 bytes but the file has 4"},
        };
        for (String[] c : cases) {
            Files.write(f, npy(1, c[0], new byte[4]));
            DataException e = fails(() -> Npy.read(f));
            assertTrue(!e.isIo() && e.getMessage().contains(c[1]), c[0] + " -> " + e.getMessage());
        }
        Files.write(f, npy(1, "{'descr': '\u001b[31m', 'fortran_order': False, 'shape': (1,), 'x': }", new byte[4]));
        String shown = fails(() -> Npy.read(f)).getMessage();
        assertTrue(shown.contains("'descr': '?[31m'") && !shown.contains("\u001b"), shown);
        byte[] v4 = npy(2, "{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }", new byte[4]);
        v4[6] = 4;
        Files.write(f, v4);
        assertTrue(fails(() -> Npy.read(f)).getMessage().contains("version 4.0 is not supported"));
        Files.write(f, npy(3, "{'descr': '<i2', 'fortran_order': False, 'shape': (2,), }", new byte[] {1, 0, (byte) 0xff, (byte) 0xff}));
        assertEquals(-1f, Npy.read(f).values()[1], "version 3.0 reads");
    }

    @Test
    void idxHeaderClaimingTwoToThe31Images(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("images-idx3-ubyte");
        Files.write(f, new byte[] {0, 0, 8, 3, (byte) 0x80, 0, 0, 0, 0, 0, 0, 28, 0, 0, 0, 28, 1, 2, 3});
        DataException e = fails(() -> Idx.load(f, null, 1));
        assertTrue(!e.isIo() && e.getMessage().contains("promises 2147483648 × 28 × 28 values"), e.getMessage());
        Files.write(f, new byte[] {0, 0, 8, 3, 0, 0, 0, 2, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0, 0, 0, 0, 1, 2, 3});
        e = fails(() -> Idx.load(f, null, 1));
        assertTrue(e.getMessage().contains("2 × 4294967295 × 0 values, more than nnl can hold"), e.getMessage());
    }

    @Test
    void idxSizeIsCheckedBeforeAllocating(@TempDir Path dir) throws Exception {
        // 20000 × 100 × 100 = 2e8 values (800 MB as floats) promised by 16 bytes: refused from the
        // file size (plain), or after reading what the gzip holds (gzipped), without the 800 MB.
        byte[] header = {0, 0, 8, 3, 0, 0, 0x4e, 0x20, 0, 0, 0, 100, 0, 0, 0, 100};
        Path plain = dir.resolve("images-idx3-ubyte");
        Files.write(plain, header);
        DataException e = fails(() -> Idx.load(plain, null, 1));
        assertTrue(e.getMessage().contains("promises 200000000 values but the file holds 0"), e.getMessage());
        Path gz = dir.resolve("images-idx3-ubyte.gz");
        try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(header);
            out.write(new byte[1000]);
        }
        Runtime rt = Runtime.getRuntime();
        long before = rt.totalMemory() - rt.freeMemory();
        e = fails(() -> Idx.load(gz, null, 1));
        assertTrue(e.getMessage().contains("promises 200000000 values but the file holds 1000"), e.getMessage());
        assertTrue(rt.totalMemory() - rt.freeMemory() - before < 200L << 20, "the gzip's claim was not allocated up front");
    }

    @Test
    void messagesDoNotEchoControlCharactersFromTheFile(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("t.csv");
        Files.writeString(f, "a,label\n1,0\nx\u001b[2J\u0007y,1\n");
        DataException e = fails(() -> Csv.load(f, "label", true, 1, 0, ",", false, null, true));
        assertTrue(e.getMessage().startsWith(f + ":3: column `a` needs a number, found `x?[2J?y`"), e.getMessage());
    }
}
