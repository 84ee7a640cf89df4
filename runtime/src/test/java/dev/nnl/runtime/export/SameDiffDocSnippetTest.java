package dev.nnl.runtime.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.nnl.compiler.Compilation;
import dev.nnl.compiler.Compiler;
import dev.nnl.compiler.source.SourceFile;
import dev.nnl.runtime.plan.Plan;
import java.io.File;
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

/** The plain-ND4J example of docs/samediff.md, run as written on samples/two_tower.nnl. */
class SameDiffDocSnippetTest {
    @TempDir
    Path dir;

    @Test
    void theDocumentedSnippetRuns() throws Exception {
        Path source = Path.of("../samples/two_tower.nnl");
        Compilation c = Compiler.compile(SourceFile.fromText("two_tower.nnl", source, Files.readString(source)));
        assertFalse(c.hasErrors());
        Plan plan = new Plan(c.models().get("TwoTower"), DataType.FLOAT);
        plan.initialize(1);
        SameDiffExport.Graph g = SameDiffExport.build(plan);
        assertEquals(List.of("dense_2"), g.outputs().stream().map(SameDiffExport.Port::name).toList());
        File file = dir.resolve("two_tower.fb").toFile();
        SameDiffExport.write(g, file.toPath());

        // --- docs/samediff.md, "Running the graph with plain ND4J" ---
        SameDiff sd = SameDiff.fromFlatFile(file);
        INDArray chars = Nd4j.createFromArray(new int[][] {
            {23, 8, 15, 15, 18, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0},       // int32 ids, zero-padded
        });
        INDArray stats = Nd4j.createFromArray(new float[][] {
            {5, 0.4f, 0, 0, 0.2f, 0, 0, 1},                           // float32
        });
        Map<String, INDArray> out = sd.output(Map.of("chars", chars, "stats", stats), "dense_2");
        INDArray probabilities = out.get("dense_2");                  // (1, 5), rows sum to 1
        // --- end of the snippet ---

        assertArrayEquals(new long[] {1, 5}, probabilities.shape());
        assertEquals(1.0, probabilities.sumNumber().doubleValue(), 1e-5);
    }
}
