package dev.nnl.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Npy#write}: what it writes, {@link Npy#read} reads back bit for bit, with the header NumPy writes. */
class NpyWriteTest {
    private static Npy.Array roundTrip(Path dir, long[] shape, float[] values) throws IOException, DataException {
        Path f = dir.resolve("a.npy");
        try (var out = Files.newOutputStream(f)) {
            Npy.write(out, shape, values);
        }
        return Npy.read(f);
    }

    @Test
    void valuesAndShapesComeBackExactly(@TempDir Path dir) throws Exception {
        float[] odd = {0f, -0f, 1e-45f, Float.MIN_NORMAL, -Float.MAX_VALUE, 0.1f, (float) Math.PI, 123456.79f, -2.5e-20f, 7f, 8f, 9f};
        long[][] shapes = {{12}, {3, 4}, {2, 3, 2}, {1, 1, 12}, {12, 1}};
        for (long[] shape : shapes) {
            Npy.Array a = roundTrip(dir, shape, odd);
            assertArrayEquals(shape, a.shape());
            for (int i = 0; i < odd.length; i++) {
                assertEquals(Float.floatToRawIntBits(odd[i]), Float.floatToRawIntBits(a.values()[i]), "value " + i);
            }
        }
        // Larger than one 64 KiB block of the writer, so the blocks join at the right place.
        float[] big = new float[50_000];
        for (int i = 0; i < big.length; i++) {
            big[i] = i * 0.25f - 7;
        }
        assertArrayEquals(big, roundTrip(dir, new long[] {100, 500}, big).values());
        assertArrayEquals(new long[] {0, 5}, roundTrip(dir, new long[] {0, 5}, new float[0]).shape());
    }

    @Test
    void theHeaderIsNumpysOwn() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        Npy.write(b, new long[] {2, 2}, new float[] {1, 2, 3, 4});
        byte[] bytes = b.toByteArray();
        // np.save(f, np.array([[1, 2], [3, 4]], dtype=np.float32)) writes exactly this header (NumPy 2.4).
        String expected = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 2), }";
        String header = new String(bytes, 10, 118, StandardCharsets.US_ASCII);
        assertEquals(expected + " ".repeat(118 - expected.length() - 1) + "\n", header);
        assertEquals(0x93, bytes[0] & 0xff);
        assertEquals("NUMPY", new String(bytes, 1, 5, StandardCharsets.US_ASCII));
        assertEquals(1, bytes[6]);
        assertEquals(0, bytes[7]);
        assertEquals(118, (bytes[8] & 0xff) | (bytes[9] & 0xff) << 8);
        assertEquals(128 + 16, bytes.length, "the data starts at 128, aligned to 64 bytes, and is 4 floats");
        assertEquals(0x3f800000, java.nio.ByteBuffer.wrap(bytes, 128, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt(), "1.0f little-endian");
    }

    @Test
    void aOneAxisShapeKeepsPythonsTupleComma() throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        Npy.write(b, new long[] {3}, new float[] {1, 2, 3});
        String header = new String(b.toByteArray(), 10, 118, StandardCharsets.US_ASCII);
        assertTrue(header.startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }  "), header);
        assertTrue(header.endsWith(" \n"), header);
        assertEquals(128 + 12, b.size(), "the data starts at 128, aligned to 64 bytes");
    }

    @Test
    void aShapeThatDoesNotHoldTheValuesIsABug() {
        assertThrows(IllegalArgumentException.class, () -> Npy.write(new ByteArrayOutputStream(), new long[] {2, 3}, new float[5]));
    }
}
