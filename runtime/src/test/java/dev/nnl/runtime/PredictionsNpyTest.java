package dev.nnl.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnl.runtime.data.Npy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** {@link Predictions#writeNpy}: every model output as a .npy file, whole, named, all or none. */
class PredictionsNpyTest {
    /** Three outputs: a Bidirectional layer without merging gives two (bi, bi_1), the Dense head one. */
    static final String MULTI = """
            model M {
                input x: (4, 3)
                e = x -> Bidirectional(LSTM(2, return_sequences=true), merge_mode=none, name="bi")
                d = x -> Flatten() -> Dense(2, activation=softmax, name="head")
                output e, d
            }
            """;

    private static Path input(Path dir, int samples) throws Exception {
        float[] x = new float[samples * 12];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) Math.sin(i * 0.37);
        }
        Path f = dir.resolve("x.npy");
        try (var out = Files.newOutputStream(f)) {
            Npy.write(out, new long[] {samples, 4, 3}, x);
        }
        return f;
    }

    @Test
    void everyOutputIsWrittenWholeUnderItsName(@TempDir Path dir) throws Exception {
        TrainedModel m = Nnl.compile("m.nnl", MULTI, null).initialize(3);
        assertEquals(List.of("bi", "bi_1", "head"), m.outputNames());
        Path x = input(dir, 5);
        Path out = dir.resolve("out.npy");
        List<Path> files = m.predictions(x, w -> { }).writeNpy(out);
        assertEquals(List.of(dir.resolve("out_bi.npy"), dir.resolve("out_bi_1.npy"), dir.resolve("out_head.npy")), files);
        assertEquals(files, m.npyFiles(out), "the files are known before predicting");
        assertFalse(Files.exists(out), "with several outputs OUT itself is not written");

        INDArray[] expected = m.predict(Nd4j.createFromArray(Npy.read(x).values()).reshape(5, 4, 3));
        long[][] shapes = {{5, 4, 2}, {5, 4, 2}, {5, 2}};
        for (int o = 0; o < 3; o++) {
            Npy.Array a = Npy.read(files.get(o));
            assertArrayEquals(shapes[o], a.shape(), files.get(o).toString());
            assertArrayEquals(expected[o].dup().data().asFloat(), a.values(), files.get(o).toString());
        }
    }

    @Test
    void oneOutputIsTheFileItself(@TempDir Path dir) throws Exception {
        TrainedModel m = Nnl.compile("one.nnl", "model One {\n input x: (4, 3)\n LSTM(3)\n}\n", null).initialize(1);
        Path out = dir.resolve("preds");
        Predictions p = m.predictions(input(dir, 2), w -> { });
        assertEquals(List.of(out), p.write(out, Predictions.Format.NPY));
        Npy.Array a = Npy.read(out);
        assertArrayEquals(new long[] {2, 3}, a.shape());
        float[][] rows = p.outputs();
        assertArrayEquals(rows[1], java.util.Arrays.copyOfRange(a.values(), 3, 6), "the rows the text formats print");
    }

    @Test
    void whenOneFileCannotBeWrittenNoneIs(@TempDir Path dir) throws Exception {
        TrainedModel m = Nnl.compile("m.nnl", MULTI, null).initialize(3);
        Predictions p = m.predictions(input(dir, 2), w -> { });
        Path out = dir.resolve("out.npy");
        Files.writeString(dir.resolve("out_bi.npy"), "old");
        // The last of the three files is a folder: the first two are written to temporary files, then dropped.
        Files.createDirectory(dir.resolve("out_head.npy"));
        NnlException e = assertThrows(NnlException.class, () -> p.writeNpy(out));
        assertTrue(e.isIo());
        assertEquals("cannot write " + dir.resolve("out_head.npy") + ": is a directory", e.getMessage());
        assertEquals("old", Files.readString(dir.resolve("out_bi.npy")));
        assertFalse(Files.exists(dir.resolve("out_bi_1.npy")));
        try (var left = Files.list(dir)) {
            assertEquals(List.of("out_bi.npy", "out_head.npy", "x.npy"), left.map(f -> f.getFileName().toString()).sorted().toList(),
                    "no temporary files left behind");
        }
    }

    /** Two different outputs with one name would be one file: refused, nothing written; one tensor listed twice is one file. */
    @Test
    void outputsThatWouldShareAFileAreRefused(@TempDir Path dir) throws Exception {
        Predictions clash = new Predictions(List.of(new Predictions.Output("b_1", new long[] {1, 2}, new float[] {1, 2}),
                new Predictions.Output("b_1", new long[] {1, 2}, new float[] {3, 4})), "", List.of());
        NnlException e = assertThrows(NnlException.class, () -> clash.writeNpy(dir.resolve("out.npy")));
        assertTrue(e.getMessage().startsWith("two different outputs are both named `b_1`"), e.getMessage());
        try (var files = Files.list(dir)) {
            assertEquals(0, files.count());
        }
        Predictions twice = new Predictions(List.of(new Predictions.Output("y", new long[] {1, 2}, new float[] {1, 2}),
                new Predictions.Output("y", new long[] {1, 2}, new float[] {1, 2})), "", List.of());
        assertEquals(List.of(dir.resolve("out_y.npy"), dir.resolve("out_y.npy")), twice.writeNpy(dir.resolve("out.npy")));
    }

    @Test
    void textFormatsAreNotNpy() throws Exception {
        Predictions p = new Predictions(List.of(new Predictions.Output("y", new long[] {1, 2}, new float[] {1, 2})), "", List.of());
        assertThrows(IllegalArgumentException.class, () -> p.render(Predictions.Format.NPY));
        assertEquals("{\"output\":[1.0,2.0]}\n", p.render(Predictions.Format.JSON));
    }
}
