package dev.nnl.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The import's refusals and the hostile-file catalogue: each input gets its own clear message, and nothing is written. */
class KerasImportErrorsTest {
    @TempDir
    Path dir;

    static String seq(String layers) {
        return "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"s\", \"layers\": [" + layers + "]}}";
    }

    static final String INPUT = "{\"class_name\": \"InputLayer\", \"config\": {\"batch_shape\": [null, 4], \"name\": \"in\"}}";
    static final String DENSE = "{\"class_name\": \"Dense\", \"config\": {\"name\": \"dense\", \"units\": 3}}";

    private String refusal(String file, byte[] content) throws Exception {
        Path p = dir.resolve(file);
        Files.write(p, content);
        NnlException e = assertThrows(NnlException.class, () -> KerasImport.read(p, null, "out.nnl"));
        try (var files = Files.list(dir)) {
            assertFalse(files.anyMatch(f -> f.toString().endsWith(".nnl") || f.toString().endsWith(".nnlz")), "no output written");
        }
        return e.getMessage();
    }

    private String refusal(String json) throws Exception {
        return refusal("model.json", json.getBytes());
    }

    @Test
    void aSmallKerasJsonImports() throws Exception {
        Path p = dir.resolve("m.json");
        Files.writeString(p, seq(INPUT + "," + DENSE));
        KerasImport k = KerasImport.read(p, null, "m.nnl");
        assertEquals("model S {\n    input x: (4)\n\n    Dense(3)\n}\n", k.source());
        assertEquals(null, k.model());
    }

    @Test
    void lambdaCustomAndUnknownKeysAreRefusedOneLinePerLayer() throws Exception {
        String m = refusal(seq(INPUT + ",{\"class_name\": \"Lambda\", \"config\": {\"name\": \"l\", \"function\": \"x\"}},"
                + "{\"class_name\": \"MyLayer\", \"config\": {\"name\": \"c\"}},"
                + "{\"class_name\": \"Dense\", \"config\": {\"name\": \"d\", \"units\": 3, \"foo\": 1}},"
                + "{\"class_name\": \"LSTM\", \"config\": {\"name\": \"r\", \"units\": 3, \"time_major\": true}}"));
        assertTrue(m.contains("cannot import 4 layers"), m);
        assertTrue(m.contains("layer `l` (Lambda): a Lambda layer is Python code, which an import never runs; rewrite it with nnl layers"), m);
        assertTrue(m.contains("layer `c` (MyLayer): nnl has no layer `MyLayer` (custom classes and unknown layers are refused)"), m);
        assertTrue(m.contains("layer `d` (Dense): config key `foo` is not supported by nnl's Dense"), m);
        assertTrue(m.contains("layer `r` (LSTM): `time_major=true`: nnl sequences are batch-major"), m);
        assertTrue(refusal("{\"class_name\": \"MyModel\", \"config\": {}}").contains("is not Sequential or Functional"));
    }

    @Test
    void deeplyNestedJson() throws Exception {
        String m = refusal("[".repeat(5000) + "]".repeat(5000));
        assertTrue(m.contains("JSON nested deeper than 100 levels"), m);
    }

    private static String tfjs(String paths, String shape) {
        return "{\"modelTopology\": " + seq(INPUT + "," + DENSE) + ", \"weightsManifest\": [{\"paths\": [" + paths
                + "], \"weights\": [{\"name\": \"dense/kernel\", \"shape\": " + shape + ", \"dtype\": \"float32\"},"
                + " {\"name\": \"dense/bias\", \"shape\": [3], \"dtype\": \"float32\"}]}]}";
    }

    @Test
    void tfjsShardsMissingExtraOrOutside() throws Exception {
        assertTrue(refusal(tfjs("\"weights.bin\"", "[4, 3]")).contains("weights shard `weights.bin` is missing"));
        Files.write(dir.resolve("weights.bin"), new byte[15 * 4]);
        Files.write(dir.resolve("extra.bin"), new byte[8]);
        String extra = refusal(tfjs("\"weights.bin\", \"extra.bin\"", "[4, 3]"));
        assertTrue(extra.contains("the weights shards hold 68 bytes, but the manifest's weights need 60"), extra);
        assertTrue(refusal(tfjs("\"../weights.bin\"", "[4, 3]")).contains("weights shard `../weights.bin` is not a file name next to model.json"));
        String overflow = refusal(tfjs("\"weights.bin\"", "[4294967296, 4294967296, 4]"));
        assertTrue(overflow.contains("overflows"), overflow);
        Files.write(dir.resolve("weights.bin"), new byte[12 * 4]);
        String mismatch = refusal(tfjs("\"weights.bin\"", "[3, 3]"));
        assertTrue(mismatch.contains("weight `dense/kernel` of layer `dense` has shape [3, 3], the config implies [4, 3]"), mismatch);
    }

    @Test
    void truncatedHdf5() throws Exception {
        byte[] h = new byte[64];
        System.arraycopy(new byte[] {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'}, 0, h, 0, 8);
        String m = refusal("model.h5", h);
        assertTrue(m.contains("a damaged or truncated HDF5 file"), m);
    }

    /** Files that are not what their name says, and broken JSON: said plainly, without the parser's advice. */
    @Test
    void notAModelFile() throws Exception {
        byte[] noise = new byte[300];
        new java.util.Random(1).nextBytes(noise);
        assertTrue(refusal("model.h5", noise).contains("not an HDF5 file (it does not start with the HDF5 signature)"));
        assertTrue(refusal("model.keras", noise).contains("not a .keras file (it is not a zip archive)"));
        String m = refusal("model.json", "{\"class_name\": \"Sequential\",\n  ]}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertTrue(m.contains("not a Keras model file (malformed JSON at line 2 column"), m);
        assertFalse(m.contains("Gson") || m.contains("gson") || m.contains("setStrictness"), m);
        String cut = refusal("model.json", "{\"class_name\": \"Sequential\"".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertTrue(cut.contains("(the JSON ends early at line 1 column"), cut);
    }

    private static byte[] zip(String name, byte[] content) throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(b)) {
            z.putNextEntry(new ZipEntry("config.json"));
            z.write(seq(INPUT + "," + DENSE).getBytes());
            z.putNextEntry(new ZipEntry(name));
            z.write(content);
        }
        return b.toByteArray();
    }

    @Test
    void hostileKerasZips() throws Exception {
        String escape = refusal("model.keras", zip("../../evil.json", new byte[1]));
        assertTrue(escape.contains("zip entry `../../evil.json` has a path that leaves the archive; refusing the file"), escape);
        String bomb = refusal("model.keras", zip("metadata.json", new byte[17 << 20]));
        assertTrue(bomb.contains("zip entry `metadata.json` inflates to more than 16777216 bytes"), bomb);
        String weights = refusal("model.keras", zip("model.weights.h5", ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN).array()));
        assertTrue(weights.contains("model.weights.h5") && weights.contains("HDF5"), weights);
    }
}
