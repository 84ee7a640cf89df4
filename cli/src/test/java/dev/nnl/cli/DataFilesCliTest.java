package dev.nnl.cli;

import static dev.nnl.cli.TrainCliTest.nnlc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Crafted NPY and IDX headers through `nnlc train`: a message naming the file and exit 1, never an internal error. */
class DataFilesCliTest {
    private static final String MODEL = "model M {\n input x: (4)\n Dense(2, activation=softmax)\n}\n"
            + "train M {\n data = npy(\"x.npy\", y=\"y.npy\")\n loss = sparse_categorical_crossentropy\n optimizer = SGD()\n"
            + " epochs = 1\n seed = 1\n}\n";

    /** A version-1 .npy file with this header text and data. */
    private static byte[] npy(String header, byte[] data) {
        byte[] text = (header + "\n").getBytes(StandardCharsets.US_ASCII);
        return ByteBuffer.allocate(10 + text.length + data.length).order(ByteOrder.LITTLE_ENDIAN)
                .put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0)
                .putShort((short) text.length).put(text).put(data).array();
    }

    @Test
    void python2ShapesTrainAndCraftedHeadersAreInputErrors(@TempDir Path dir) throws Exception {
        Path src = dir.resolve("m.nnl");
        Files.writeString(src, MODEL);
        Files.write(dir.resolve("x.npy"), npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2L, 4L), }", new byte[32]));
        Files.write(dir.resolve("y.npy"), npy("{'descr': '|u1', 'fortran_order': False, 'shape': (2L,), }", new byte[] {0, 1}));
        TrainCliTest.Run ok = nnlc("train", src.toString(), "-q");
        assertEquals(ExitCode.OK, ok.code(), ok.err());

        Files.write(dir.resolve("x.npy"), npy("{'descr': '<f4', 'fortran_order': False, 'shape': (4294967296, 4294967296), }",
                new byte[32]));
        TrainCliTest.Run overflow = nnlc("train", src.toString(), "-q");
        assertEquals(ExitCode.INPUT, overflow.code(), overflow.err());
        assertTrue(overflow.err().contains("x.npy: the shape (4294967296, 4294967296) holds more values than nnl can hold"),
                overflow.err());

        byte[] v2 = npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 4), }", new byte[32]);
        v2[6] = 2;
        Files.write(dir.resolve("x.npy"), v2);
        TrainCliTest.Run length = nnlc("train", src.toString(), "-q");
        assertEquals(ExitCode.INPUT, length.code(), length.err());
        assertTrue(length.err().contains("x.npy: the .npy header claims"), length.err());
    }

    @Test
    void anIdxHeaderClaimingTwoToThe31ImagesIsAnInputError(@TempDir Path dir) throws Exception {
        Path src = dir.resolve("m.nnl");
        Files.writeString(src, "model M {\n input x: (28, 28)\n Flatten()\n Dense(2, activation=softmax)\n}\n"
                + "train M {\n loss = sparse_categorical_crossentropy\n optimizer = SGD()\n}\n");
        Path images = dir.resolve("images-idx3-ubyte");
        Files.write(images, new byte[] {0, 0, 8, 3, (byte) 0x80, 0, 0, 0, 0, 0, 0, 28, 0, 0, 0, 28, 1, 2, 3});
        TrainCliTest.Run r = nnlc("train", src.toString(), "--data", images.toString(), "-q");
        assertEquals(ExitCode.INPUT, r.code(), r.err());
        assertTrue(r.err().contains("images-idx3-ubyte: the header promises 2147483648 × 28 × 28 values, more than nnl can hold"),
                r.err());
    }
}
