package dev.nnl.compiler.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnl.compiler.Compilation;
import dev.nnl.compiler.Compiler;
import dev.nnl.compiler.diff.DiffJson;
import dev.nnl.compiler.diff.DiffMarkdown;
import dev.nnl.compiler.diff.DiffText;
import dev.nnl.compiler.diff.Differ;
import dev.nnl.compiler.diff.FileDiff;
import dev.nnl.compiler.diff.ModelDiff;
import dev.nnl.compiler.diff.ModelDiff.Change;
import dev.nnl.compiler.diff.ModelDiff.LayerChange;
import dev.nnl.compiler.source.SourceFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * {@code nnlc diff} pinned on pairs made from the samples: each folder of golden/diff holds
 * {@code old.nnl} and {@code new.nnl}, and the text, markdown and JSON reports are
 * {@code expected.txt|.md|.json} there. Re-bless with {@code -Dnnl.bless=true}. The tests below the
 * goldens say what each pair is about, so a blessed regression still fails.
 */
class GoldenDiffTest {
    private static final Path DIR = Golden.repoRoot().resolve("compiler/src/test/resources/golden/diff");

    @TestFactory
    Stream<DynamicTest> eachPairDiffsAsRecorded() throws IOException {
        List<Path> cases;
        try (Stream<Path> s = Files.list(DIR)) {
            cases = s.filter(Files::isDirectory).sorted().toList();
        }
        assertFalse(cases.isEmpty(), "no diff cases in " + DIR);
        return cases.stream().flatMap(c -> {
            FileDiff d = diff(c.getFileName().toString());
            return Stream.of(
                    DynamicTest.dynamicTest(c.getFileName() + " (text)", () -> Golden.assertGolden(c.resolve("expected.txt"), DiffText.render(d))),
                    DynamicTest.dynamicTest(c.getFileName() + " (markdown)", () -> Golden.assertGolden(c.resolve("expected.md"), DiffMarkdown.render(d))),
                    DynamicTest.dynamicTest(c.getFileName() + " (json)", () -> Golden.assertGolden(c.resolve("expected.json"), DiffJson.render(d, true))));
        });
    }

    @Test
    void aChangedArgumentShowsBeforeAndAfterAndItsEffects() {
        ModelDiff m = only("changed-argument");
        LayerChange dense = changed(m).get(0);
        assertEquals("Dense(16 → 64, activation relu → gelu)", DiffText.what(dense));
        assertEquals("output (None, 16) → (None, 64), params 80 → 320", DiffText.effect(dense));
        // The next layer is the same call, but its weights grew with its input.
        LayerChange next = changed(m).get(1);
        assertEquals(Change.AFFECTED, next.change());
        assertEquals(List.of(403L, 1411L), List.of(m.params().total().before(), m.params().total().after()));
    }

    @Test
    void anInsertedLayerLeavesTheLayersAfterItMatched() {
        ModelDiff m = only("inserted-layer");
        assertEquals(List.of(Change.UNCHANGED, Change.UNCHANGED, Change.UNCHANGED, Change.ADDED, Change.AFFECTED, Change.UNCHANGED),
                m.layers().stream().map(LayerChange::change).toList());
        LayerChange after = m.layers().get(4);
        assertEquals("dense_1", after.before().name(), "the default names shifted, the layers did not");
        assertEquals("dense_2", after.after().name());
        assertFalse(after.inboundChanged(), "reading the inserted layer is not a change of its own");
        assertEquals(List.of("dense_2", "dense_3"), List.of(m.layers().get(5).before().name(), m.layers().get(5).after().name()));
    }

    @Test
    void aRemovedResidualBranchRemovesItsLayersAndTheMerge() {
        ModelDiff m = only("removed-branch");
        assertEquals(List.of("conv2d_1", "batch_normalization_1", "re_lu_1", "conv2d_2", "batch_normalization_2", "add"),
                m.layers().stream().filter(l -> l.change() == Change.REMOVED).map(LayerChange::name).toList());
        assertTrue(m.layers().stream().noneMatch(l -> l.change() == Change.ADDED || l.change() == Change.CHANGED), m.layers()::toString);
        assertEquals(1, m.merges().size());
        assertEquals(Change.REMOVED, m.merges().get(0).change());
    }

    @Test
    void aReplacedMergeIsReportedWithTheLayersItReads() {
        ModelDiff m = only("merge-replaced");
        assertEquals(List.of("concatenate added [re_lu, batch_normalization_2]", "add removed [re_lu, batch_normalization_2]"),
                m.merges().stream().map(g -> g.name() + " " + g.change().word() + " "
                        + (g.change() == Change.ADDED ? g.after() : g.before())).toList());
        assertEquals(List.of("concatenate", "conv2d_3"),
                m.layers().stream().filter(l -> l.change() == Change.ADDED).map(LayerChange::name).toList());
        assertTrue(m.layers().stream().noneMatch(l -> l.change() == Change.CHANGED), "the layers after it only moved names");
    }

    @Test
    void aRenamedLayerIsTheSameLayer() {
        ModelDiff m = only("renamed-layer");
        List<LayerChange> c = changed(m);
        assertEquals(1, c.size());
        assertTrue(c.get(0).renamed() && c.get(0).arguments().isEmpty());
        assertEquals("hidden → second (Dense)", DiffText.title(c.get(0)));
    }

    @Test
    void aChangedTrainBlockListsItsKeys() {
        ModelDiff m = only("train-block");
        assertEquals(Change.CHANGED, m.train().change());
        assertEquals(List.of("optimizer", "epochs", "shuffle"), m.train().keys().stream().map(ModelDiff.KeyChange::key).toList());
        assertTrue(changed(m).isEmpty());
    }

    @Test
    void aCommentOnlyChangeIsNoSemanticChange() {
        FileDiff d = diff("comment-only");
        assertFalse(d.changed());
        assertFalse(d.identicalText());
        assertTrue(DiffText.render(d).contains("no semantic change"));
    }

    @Test
    void aBlockParameterChangeReportsEveryExpansion() {
        ModelDiff m = only("block-parameter");
        assertEquals(List.of("ConvBlock(width)", "ConvBlock(width * 2)", "ConvBlock(width * 4)"),
                m.blocks().stream().map(ModelDiff.BlockChange::call).toList());
        assertTrue(m.blocks().stream().allMatch(b -> b.layers().size() == 2), m.blocks()::toString);
    }

    @Test
    void aFileWithErrorsIsComparedAsFarAsItChecks() {
        FileDiff d = diff("new-with-error");
        ModelDiff m = d.models().get(0);
        assertFalse(m.newComplete());
        assertEquals(Change.UNCHANGED, m.layers().get(0).change(), "the layer before the error still matches");
        assertEquals(1, d.newDiagnostics().size());
        assertEquals("NNL2013", d.newDiagnostics().get(0).code().id());
    }

    @Test
    void aNewFileAddsEverything() {
        Compilation neu = compile(DIR.resolve("changed-argument/new.nnl"), "new.nnl");
        FileDiff d = Differ.created("HEAD:new.nnl", neu, null);
        assertTrue(d.changed());
        assertEquals(Change.ADDED, d.models().get(0).status());
        assertTrue(d.models().get(0).layers().stream().allMatch(l -> l.change() == Change.ADDED));
        assertTrue(d.resolvedDiagnostics().isEmpty() && d.newDiagnostics().isEmpty());
    }

    @Test
    void identicalFilesSaySo() {
        Compilation c = compile(DIR.resolve("changed-argument/old.nnl"), "old.nnl");
        FileDiff d = Differ.diff(c, compile(DIR.resolve("changed-argument/old.nnl"), "old.nnl"), null);
        assertEquals("no semantic change: the files are identical", d.noChangeSentence());
        assertFalse(d.changed());
    }

    private static ModelDiff only(String name) {
        FileDiff d = diff(name);
        assertEquals(1, d.models().size());
        return d.models().get(0);
    }

    private static List<LayerChange> changed(ModelDiff m) {
        return m.layers().stream().filter(l -> l.change() == Change.CHANGED || l.change() == Change.AFFECTED).toList();
    }

    /** The pair as {@code nnlc diff old.nnl new.nnl} from the case's folder compares it. */
    static FileDiff diff(String name) {
        Path c = DIR.resolve(name);
        return Differ.diff(compile(c.resolve("old.nnl"), "old.nnl"), compile(c.resolve("new.nnl"), "new.nnl"), null);
    }

    private static Compilation compile(Path file, String shown) {
        try {
            return Compiler.compile(SourceFile.decode(shown, file, Files.readAllBytes(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
