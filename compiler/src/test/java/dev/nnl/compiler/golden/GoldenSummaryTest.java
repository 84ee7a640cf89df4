package dev.nnl.compiler.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.nnl.compiler.ModelSelection;
import dev.nnl.compiler.diag.render.HumanRenderer;
import dev.nnl.compiler.ir.ModelIR;
import dev.nnl.compiler.summary.SummaryJson;
import dev.nnl.compiler.summary.SummaryText;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every sample pinned: it checks without errors or warnings, and {@code nnlc summary} (text and
 * pretty JSON) prints what {@code golden/summary/<sample>.txt|.json} hold. Re-bless with
 * {@code -Dnnl.bless=true}.
 */
class GoldenSummaryTest {
    private static final List<Path> SAMPLES = Golden.nnlFiles(Golden.repoRoot().resolve("samples"));

    @TestFactory
    Stream<DynamicTest> eachSampleChecksClean() {
        assertFalse(SAMPLES.isEmpty(), "no samples found");
        return SAMPLES.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> {
            Golden.Result r = Golden.check(f);
            assertEquals("", r.rendered(), f + " should check with no errors and no warnings");
        }));
    }

    @TestFactory
    Stream<DynamicTest> eachSampleSummarizesAsRecorded() {
        return SAMPLES.stream().flatMap(f -> {
            ModelIR model = model(f);
            return Stream.of(
                    DynamicTest.dynamicTest(f.getFileName() + " (text)",
                            () -> Golden.assertGolden(Golden.sibling(Golden.summaryDir(), f, ".txt"), SummaryText.render(model))),
                    DynamicTest.dynamicTest(f.getFileName() + " (json)",
                            () -> Golden.assertGolden(Golden.sibling(Golden.summaryDir(), f, ".json"), SummaryJson.render(model, true))));
        });
    }

    /** The model {@code nnlc summary FILE} would show, or a failure naming why there is none. */
    private static ModelIR model(Path f) {
        Golden.Result r = Golden.check(f);
        ModelSelection.Result chosen = ModelSelection.select(r.compilation(), null);
        String why = chosen.problem() == null ? r.rendered() : new HumanRenderer(false).render(List.of(chosen.problem()));
        assertNotNull(chosen.model(), () -> f + " has no model to summarize:\n" + why);
        return chosen.model();
    }
}
