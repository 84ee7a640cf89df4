package dev.nnl.runtime.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Writes an exported graph to a file, loads it back as a plain SameDiff user would, and runs it. */
final class RoundTrip {
    private RoundTrip() {
    }

    /** Outputs of the reloaded graph, in {@code g.outputs()} order, for one array per model input. */
    static INDArray[] run(SameDiffExport.Graph g, INDArray[] inputs) throws IOException {
        Path dir = Files.createTempDirectory("nnl-samediff");
        Path file = dir.resolve("model.fb");
        try {
            SameDiffExport.write(g, file);
            SameDiff loaded = SameDiff.fromFlatFile(file.toFile());
            Map<String, INDArray> feed = new HashMap<>();
            for (int i = 0; i < inputs.length; i++) {
                SameDiffExport.Port p = g.inputs().get(i);
                feed.put(p.name(), inputs[i].castTo(p.dataType()));
            }
            String[] names = g.outputs().stream().map(SameDiffExport.Port::name).toArray(String[]::new);
            Map<String, INDArray> out = loaded.output(feed, names);
            INDArray[] result = new INDArray[names.length];
            for (int i = 0; i < names.length; i++) {
                result[i] = out.get(names[i]);
            }
            return result;
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        }
    }

    /** |got − want| ≤ tol · max(1, |want|) elementwise, with equal shapes. */
    static void assertClose(String what, INDArray want, INDArray got, double tol) {
        assertArrayEquals(want.shape(), got.shape(), what + ": shape");
        INDArray w = want.castTo(DataType.DOUBLE).reshape(want.length());
        INDArray g = got.castTo(DataType.DOUBLE).reshape(got.length());
        assertEquals(w.length(), g.length());
        for (long i = 0; i < w.length(); i++) {
            double a = w.getDouble(i);
            double b = g.getDouble(i);
            assertTrue(Math.abs(a - b) <= tol * Math.max(1, Math.abs(a)), what + "[" + i + "]: expected " + a + ", SameDiff " + b);
        }
    }
}
