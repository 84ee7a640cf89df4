package dev.nnl.cli;

import static dev.nnl.cli.TrainCliTest.REPO;
import static dev.nnl.cli.TrainCliTest.nnlc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnl.cli.TrainCliTest.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `nnlc import` and `nnlc export`: what they print, their exit codes, and that a refusal leaves no file. */
class InteropCliTest {
    static final Path TFJS = REPO.resolve("runtime/src/test/resources/interop/tfjs/mlp/model.json");

    @Test
    void importWritesSourceAndWeightsThatCheckAndExportBack(@TempDir Path dir) throws Exception {
        Path nnl = dir.resolve("mlp.nnl");
        Run i = nnlc("import", TFJS.toString(), "-o", nnl.toString(), "--name", "Mlp");
        assertEquals(0, i.code(), i.err());
        assertEquals("Imported " + TFJS + " as model Mlp: wrote " + nnl + " and " + dir.resolve("mlp.nnlz") + " (with its weights)\n"
                + "  check it: nnlc check " + nnl + "\n", i.out());
        Run c = nnlc("check", nnl.toString());
        assertEquals(0, c.code(), c.err());
        assertEquals("", c.err());
        assertEquals(nnlc("fmt", "--check", nnl.toString()).code(), 0, "the import is formatted as nnlc fmt formats it");
        Path web = dir.resolve("web");
        Run e = nnlc("export", dir.resolve("mlp.nnlz").toString(), "--format", "tfjs", "-o", web.toString());
        assertEquals(0, e.code(), e.err());
        assertTrue(Files.exists(web.resolve("model.json")) && Files.exists(web.resolve("weights.bin")));
        Run onFile = nnlc("export", dir.resolve("mlp.nnlz").toString(), "--format", "tfjs", "-o", nnl.toString());
        assertEquals(3, onFile.code());
        assertEquals("error: cannot write " + nnl + ": it is a file, and TF.js models are folders (model.json and weights.bin); "
                + "give a folder with -o\n", onFile.err());
        Path json = dir.resolve("mlp.json");
        Run k = nnlc("export", nnl.toString(), "--format", "keras-json", "-o", json.toString());
        assertEquals(0, k.code(), k.err());
        assertTrue(Files.readString(json).contains("\"class_name\": \"Sequential\""));
    }

    /**
     * docs/interop.md's worked example: an imported model (its .nnlz has no train block's plan)
     * trained one more epoch by the train block added to its source, then exported to ONNX.
     */
    @Test
    void anImportedModelTrainsOnAndExportsToOnnx(@TempDir Path dir) throws Exception {
        Path nnl = dir.resolve("iris.nnl");
        assertEquals(0, nnlc("import", TFJS.toString(), "-o", nnl.toString(), "--name", "Iris").code());
        Files.copy(REPO.resolve("samples/data/iris.csv"), dir.resolve("iris.csv"));
        Files.writeString(nnl, Files.readString(nnl) + """

                train Iris {
                    data       = csv("iris.csv", label="species", header=true, standardize=true)
                    loss       = sparse_categorical_crossentropy
                    optimizer  = Adam(learning_rate=0.01)
                    metrics    = [accuracy]
                    epochs     = 1
                    batch_size = 16
                }
                """);
        Path tuned = dir.resolve("tuned.nnlz");
        Run t = nnlc("train", nnl.toString(), "--resume", dir.resolve("iris.nnlz").toString(), "-o", tuned.toString());
        assertEquals(0, t.code(), t.err());
        assertTrue(t.out().contains("Final: loss: "), "the train block plans the run an imported file has no plan for:\n" + t.out());
        Run o = nnlc("export", tuned.toString(), "--format", "onnx", "-o", dir.resolve("tuned.onnx").toString());
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().contains("of Iris (trained 1 epoch)"), o.out());
    }

    @Test
    void refusedImportExitsOneAndWritesNothing(@TempDir Path dir) throws Exception {
        Path src = dir.resolve("lambda.json");
        Files.writeString(src, "{\"class_name\": \"Sequential\", \"config\": {\"layers\": [{\"class_name\": \"InputLayer\", "
                + "\"config\": {\"batch_shape\": [null, 4], \"name\": \"in\"}}, {\"class_name\": \"Lambda\", \"config\": {\"name\": \"f\"}}]}}");
        Run r = nnlc("import", src.toString(), "-o", dir.resolve("out.nnl").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("layer `f` (Lambda): a Lambda layer is Python code, which an import never runs"), r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace");
        assertFalse(Files.exists(dir.resolve("out.nnl")));
        assertFalse(Files.exists(dir.resolve("out.nnlz")));
    }

    @Test
    void tfjsExportRefusesWhatTfjsCannotRun(@TempDir Path dir) throws Exception {
        Run r = nnlc("export", REPO.resolve("samples/airline_gru.nnl").toString(), "--format", "tfjs", "-o", dir.resolve("w").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("layer `gru` (GRU): TF.js 4.22 cannot build a GRU with reset_after=true"), r.err());
        assertFalse(Files.exists(dir.resolve("w")));
    }
}
