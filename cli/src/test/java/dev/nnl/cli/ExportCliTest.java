package dev.nnl.cli;

import static dev.nnl.cli.TrainCliTest.REPO;
import static dev.nnl.cli.TrainCliTest.nnlc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnl.cli.TrainCliTest.Run;
import dev.nnl.runtime.onnx.proto.Onnx.ModelProto;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `nnlc export`: what it prints and writes, and its usage errors with their exit codes. The
 * numbers of the exported graphs are checked in the runtime's ONNX Runtime tests (OnnxSamplesTest).
 */
class ExportCliTest {
    @Test
    void exportsOnnxFromSourceAndPrintsThePorts(@TempDir Path dir) throws Exception {
        Path onnx = dir.resolve("cnn.onnx");
        Run r = nnlc("export", REPO.resolve("samples/fashion_cnn.nnl").toString(), "--format", "onnx", "-o", onnx.toString(), "--seed", "5");
        assertEquals(0, r.code(), r.err());
        assertEquals("Wrote " + onnx + ": ONNX inference graph (opset 17) of FashionCNN (untrained, seed 5)\n"
                + "  input   image    float32  (-1, 28, 28, 1)\n"
                + "  output  dense_1  float32  (-1, 10)\n", r.out());
        ModelProto m = ModelProto.parseFrom(Files.readAllBytes(onnx));
        assertEquals("nnl", m.getProducerName());
        assertEquals(17, m.getOpsetImport(0).getVersion());
        assertEquals("image", m.getGraph().getInput(0).getName());
        assertEquals("dense_1", m.getGraph().getOutput(0).getName());
    }

    @Test
    void exportsATrainedModelWithItsPreprocessingAndAnotherOpset(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("iris.nnlz");
        Run t = nnlc("train", REPO.resolve("samples/iris_mlp.nnl").toString(), "-o", model.toString(), "-q", "--epochs", "1");
        assertEquals(0, t.code(), t.err());
        Path onnx = dir.resolve("iris.onnx");
        Run r = nnlc("export", model.toString(), "--format", "onnx", "--opset", "21", "-o", onnx.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("Wrote " + onnx + ": ONNX inference graph (opset 21) of "), r.out());
        ModelProto m = ModelProto.parseFrom(Files.readAllBytes(onnx));
        assertEquals(21, m.getOpsetImport(0).getVersion());
        String note = r.out().lines().filter(l -> l.startsWith("  feed inputs preprocessed as in training: ")).findFirst().orElse(null);
        assertTrue(note != null, r.out());
        assertEquals(note.substring(note.indexOf(": ") + 2), m.getMetadataProps(0).getValue());
        assertEquals("preprocessing", m.getMetadataProps(0).getKey());

        Run sd = nnlc("export", model.toString(), "--format", "samediff", "-o", dir.resolve("iris.fb").toString());
        assertEquals(0, sd.code(), sd.err());
        assertTrue(sd.out().startsWith("Wrote " + dir.resolve("iris.fb") + ": SameDiff inference graph of "), sd.out());
    }

    @Test
    void usageErrorsAndRefusals(@TempDir Path dir) throws Exception {
        String src = REPO.resolve("samples/iris_mlp.nnl").toString();
        Run opset = nnlc("export", src, "--format", "onnx", "--opset", "12", "-o", dir.resolve("a.onnx").toString());
        assertEquals(2, opset.code());
        assertEquals("error: --opset takes 13 to 21, found `12`\n", opset.err());

        Run format = nnlc("export", src, "--format", "pmml");
        assertEquals(2, format.code());
        assertEquals("error: --format takes onnx, tfjs, keras-json or samediff, found `pmml`\n", format.err());

        Run notOnnx = nnlc("export", src, "--format", "samediff", "--opset", "17");
        assertEquals(2, notOnnx.code());
        assertEquals("error: --opset applies to --format onnx\n", notOnnx.err());

        Run same = nnlc("export", src, "--format", "onnx", "-o", src);
        assertEquals(1, same.code());
        assertTrue(same.err().startsWith("error: cannot write " + src + ": "), same.err());

        Path open = dir.resolve("open.nnl");
        Files.writeString(open, "model Open {\n    input x: (4, 3)\n    LSTM(2, activation=gelu)\n}\n");
        Run cannot = nnlc("export", open.toString(), "--format", "onnx", "-o", dir.resolve("open.onnx").toString());
        assertEquals(1, cannot.code());
        assertEquals("error: ONNX export: layer `lstm` (LSTM): the activation gelu has no counterpart among the ONNX LSTM op's "
                + "activations. Use one of linear, relu, sigmoid, tanh, hard_sigmoid, softplus, softsign, elu, leaky_relu\n", cannot.err());
        assertFalse(Files.exists(dir.resolve("open.onnx")));
    }
}
