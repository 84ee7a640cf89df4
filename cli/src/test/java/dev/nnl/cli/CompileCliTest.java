package dev.nnl.cli;

import static dev.nnl.cli.TrainCliTest.REPO;
import static dev.nnl.cli.TrainCliTest.nnlc;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnl.cli.TrainCliTest.Run;
import dev.nnl.runtime.artifact.Artifact;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `nnlc compile` to an untrained .nnlz, and what the other commands do with it. */
class CompileCliTest {
    static final String IRIS = REPO.resolve("samples/iris_mlp.nnl").toString();

    @Test
    void compiledModelIsWhatTrainingStartsFrom(@TempDir Path dir) throws Exception {
        Path compiled = dir.resolve("iris.nnlz");
        Run c = nnlc("compile", IRIS, "-o", compiled.toString());
        assertEquals(0, c.code(), c.err());
        assertEquals("Compiled IrisMLP to " + compiled + ": 403 parameters initialized with seed 42, untrained\n"
                + "  train it: nnlc train " + IRIS + " --resume " + compiled + "\n", c.out());
        Artifact a = Artifact.load(compiled);
        assertEquals(0, a.meta.epoch);
        assertFalse(a.meta.complete);
        assertEquals(42, a.meta.seed);
        assertEquals("csv", a.meta.preprocessing.kind(), "the data's preprocessing is recorded for eval and predict");

        Path resumed = dir.resolve("resumed.nnlz");
        Path scratch = dir.resolve("scratch.nnlz");
        assertEquals(0, nnlc("train", IRIS, "--resume", compiled.toString(), "-o", resumed.toString(), "--epochs", "5",
                "--threads", "1", "-q").code());
        assertEquals(0, nnlc("train", IRIS, "-o", scratch.toString(), "--epochs", "5", "--threads", "1", "-q").code());
        assertArrayEquals(Artifact.load(scratch).weights, Artifact.load(resumed).weights,
                "resuming a compiled model is the same run as training from scratch");

        Run e = nnlc("eval", compiled.toString());
        assertEquals(0, e.code(), e.err());
        assertTrue(e.out().startsWith("IrisMLP on 30 samples (validation part of the training data): loss: "), e.out());
        Path features = dir.resolve("new.csv");
        Files.writeString(features, "sepal_length,sepal_width,petal_length,petal_width\n5.1,3.5,1.4,0.2\n");
        Run p = nnlc("predict", compiled.toString(), features.toString());
        assertEquals(0, p.code(), p.err());
        assertTrue(p.out().startsWith("prediction,p_setosa,p_versicolor,p_virginica\n"), p.out());
    }

    @Test
    void seedOverridesTheTrainBlock(@TempDir Path dir) throws Exception {
        Path a = dir.resolve("a.nnlz");
        Path b = dir.resolve("b.nnlz");
        assertEquals(0, nnlc("compile", IRIS, "-o", a.toString(), "--seed", "7").code());
        assertEquals(0, nnlc("compile", IRIS, "-o", b.toString(), "--seed", "8").code());
        assertEquals(7, Artifact.load(a).meta.seed);
        assertFalse(java.util.Arrays.equals(Artifact.load(a).weights, Artifact.load(b).weights));
    }

    @Test
    void modelWithoutTrainBlockCompilesAndPredictsButDoesNotEvaluate(@TempDir Path dir) throws Exception {
        Path src = dir.resolve("net.nnl");
        Files.writeString(src, "model Net {\n    input x: (2)\n    Dense(3, activation=softmax)\n}\n");
        Path out = dir.resolve("net.nnlz");
        Run c = nnlc("compile", src.toString(), "-o", out.toString(), "--seed", "1");
        assertEquals(0, c.code(), c.err());
        assertEquals("Compiled Net to " + out + ": 9 parameters initialized with seed 1, untrained\n", c.out());
        Path csv = dir.resolve("x.csv");
        Files.writeString(csv, "a,b\n1,2\n3,4\n");
        Run p = nnlc("predict", out.toString(), csv.toString());
        assertEquals(0, p.code(), p.err());
        assertEquals(3, p.out().strip().split("\n").length, p.out());
        Run e = nnlc("eval", out.toString(), "--data", csv.toString());
        assertEquals(1, e.code());
        assertTrue(e.err().contains("has no `train` block"), e.err());
    }

    @Test
    void badInputsHaveClearMessagesAndExitCodes(@TempDir Path dir) throws Exception {
        Path broken = dir.resolve("broken.nnl");
        Files.writeString(broken, "model M {\n    input x: (4)\n    Dense(3, activation=rleu)\n}\n");
        Run errors = nnlc("compile", broken.toString(), "-o", dir.resolve("m.nnlz").toString(), "--color", "never");
        assertEquals(1, errors.code());
        assertTrue(errors.err().contains("rleu") && errors.err().contains("broken.nnl:3:"), errors.err());
        assertFalse(Files.exists(dir.resolve("m.nnlz")));

        Path noData = dir.resolve("nodata.nnl");
        Files.writeString(noData, Files.readString(Path.of(IRIS)));
        Run missing = nnlc("compile", noData.toString(), "-o", dir.resolve("n.nnlz").toString());
        assertEquals(3, missing.code(), missing.err());
        assertTrue(missing.err().startsWith("error: ") && missing.err().contains("iris.csv"), missing.err());

        Run format = nnlc("compile", IRIS, "--format", "onnx");
        assertEquals(2, format.code());
        assertTrue(format.err().contains("--format takes nnlz or samediff, found `onnx`"), format.err());

        Path artifact = dir.resolve("iris.nnlz");
        assertEquals(0, nnlc("compile", IRIS, "-o", artifact.toString()).code());
        Run again = nnlc("compile", artifact.toString());
        assertEquals(2, again.code());
        assertTrue(again.err().contains("is already an .nnlz"), again.err());
    }
}
