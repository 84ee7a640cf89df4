package dev.nnl.runtime.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnl.runtime.Models;
import dev.nnl.runtime.plan.Plan;
import dev.nnl.runtime.samediff.ExportException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Names, types and shapes of the exported graph, its weights after a reload, quiet output, and the errors. */
class SameDiffExportTest {
    @TempDir
    Path dir;

    private static Plan plan(String source) {
        Plan p = new Plan(Models.model(source), DataType.FLOAT);
        p.initialize(3);
        return p;
    }

    @Test
    void portsAreNamedAfterInputsAndProducingLayers() throws Exception {
        Plan p = plan("""
                model M {
                    input chars: (6) int32
                    input stats: (3)
                    e = chars -> Embedding(10, 4, mask_zero=true) -> Bidirectional(LSTM(2, return_sequences=true), merge_mode=none, name="bi")
                    d = stats -> Dense(2, activation=softmax, name="head")
                    output e, d
                }
                """);
        SameDiffExport.Graph g = SameDiffExport.build(p);
        assertEquals(List.of("chars", "stats"), g.inputs().stream().map(SameDiffExport.Port::name).toList());
        assertEquals(DataType.INT32, g.inputs().get(0).dataType());
        assertArrayEquals(new long[] {-1, 6}, g.inputs().get(0).shape());
        assertEquals(DataType.FLOAT, g.inputs().get(1).dataType());
        assertEquals(List.of("bi", "bi_1", "head"), g.outputs().stream().map(SameDiffExport.Port::name).toList());
        assertArrayEquals(new long[] {-1, 6, 2}, g.outputs().get(1).shape());
        assertArrayEquals(new long[] {-1, 2}, g.outputs().get(2).shape());

        Path file = dir.resolve("m.fb");
        SameDiffExport.write(g, file);
        SameDiff loaded = SameDiff.fromFlatFile(file.toFile());
        INDArray kernel = loaded.getVariable("head/kernel").getArr();
        assertNotNull(kernel, "weights are stored in the file");
        assertEquals(p.store().slot("head", "kernel").value().array, kernel);
        INDArray ids = Nd4j.createFromArray(new int[][] {{3, 4, 0, 0, 0, 0}});
        INDArray stats = Nd4j.createFromArray(new float[][] {{0.5f, -1f, 2f}});
        Map<String, INDArray> out = loaded.output(Map.of("chars", ids, "stats", stats), "head", "bi");
        assertEquals(1.0, out.get("head").sumNumber().doubleValue(), 1e-5, "softmax applied");
        assertEquals(0.0, out.get("bi").get(org.nd4j.linalg.indexing.NDArrayIndex.point(0),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(2, 6)).sumNumber().doubleValue(), "masked steps output 0");
    }

    @Test
    void buildWriteAndLoadPrintNothing() throws Exception {
        Plan p = plan("model M {\n input x: (5, 3)\n GRU(4)\n Dense(2)\n}\n");
        PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true));
        try {
            SameDiffExport.Graph g = SameDiffExport.build(p);
            Path file = dir.resolve("m.fb");
            SameDiffExport.write(g, file);
            SameDiff loaded = SameDiff.fromFlatFile(file.toFile());
            loaded.output(Map.of("x", Nd4j.rand(DataType.FLOAT, 2, 5, 3)), g.outputs().get(0).name());
        } finally {
            System.setOut(stdout);
        }
        assertEquals("", captured.toString());
    }

    @Test
    void writeReplacesTheFileWhole() throws Exception {
        Path file = dir.resolve("m.fb");
        Files.writeString(file, "old");
        SameDiffExport.write(SameDiffExport.build(plan("model M {\n input x: (4)\n Dense(2)\n}\n")), file);
        assertNotNull(SameDiff.fromFlatFile(file.toFile()).getVariable("dense/kernel"));
        try (var files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList(), "no temporary file left behind");
        }
    }

    @Test
    void denseOverUnknownStepsRunsAnyLength() throws Exception {
        Plan p = plan("model M {\n input x: (none, 3)\n Dense(2, activation=tanh)\n GlobalAveragePooling1D()\n}\n");
        SameDiffExport.Graph g = SameDiffExport.build(p);
        assertArrayEquals(new long[] {-1, -1, 3}, g.inputs().get(0).shape());
        for (int steps : new int[] {2, 5}) {
            INDArray x = Nd4j.rand(DataType.FLOAT, 2, steps, 3);
            var want = p.forward(new dev.nnl.runtime.tensor.Tensor[] {dev.nnl.runtime.tensor.Tensor.wrap(x.dup())},
                    new dev.nnl.runtime.kernels.RunContext(DataType.FLOAT, false, 0));
            RoundTrip.assertClose("steps " + steps, want[0].array, RoundTrip.run(g, new INDArray[] {x})[0], 1e-5);
        }
    }

    @Test
    void recurrentLayerWithUnknownStepsIsAnExportError() {
        Plan p = plan("model M {\n input x: (none, 3)\n LSTM(4)\n Dense(1)\n}\n");
        ExportException e = assertThrows(ExportException.class, () -> SameDiffExport.build(p));
        assertTrue(e.getMessage().contains("`lstm`"), e.getMessage());
        assertTrue(e.getMessage().contains("unknown number of time steps"), e.getMessage());
        assertTrue(e.getMessage().contains("declare the input's steps"), e.getMessage());
    }

    @Test
    void bidirectionalOverUnknownTokenStepsIsAnExportError() {
        Plan p = plan("model M {\n input w: (none) int32\n Embedding(20, 4, mask_zero=true)\n Bidirectional(GRU(3))\n}\n");
        ExportException e = assertThrows(ExportException.class, () -> SameDiffExport.build(p));
        assertTrue(e.getMessage().contains("Bidirectional"), e.getMessage());
        assertFalse(e.getMessage().isBlank());
    }

    /**
     * Output 1 of `bidirectional` is named bidirectional_1, the name of the next Bidirectional
     * layer too: both exports refuse rather than keep one of the two (the SameDiff export used to
     * drop the second silently).
     */
    @Test
    void twoOutputsThatWouldShareANameAreRefusedByBothExports() {
        Plan p = plan("""
                model M {
                    input x: (5, 3)
                    a = x -> Bidirectional(LSTM(2), merge_mode=none)
                    b = x -> Bidirectional(GRU(2), merge_mode=none)
                    output a, b
                }
                """);
        String want = "two outputs would both be named `bidirectional_1` (output 1 of layer `bidirectional` and output 0 of layer "
                + "`bidirectional_1`). Rename one of the layers with name=...";
        assertEquals("SameDiff export: " + want, assertThrows(ExportException.class, () -> SameDiffExport.build(p)).getMessage());
        assertEquals("ONNX export: " + want,
                assertThrows(ExportException.class, () -> OnnxExport.build(p, OnnxExport.DEFAULT_OPSET, null)).getMessage());
    }
}
