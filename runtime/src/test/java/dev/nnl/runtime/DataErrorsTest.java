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
}
