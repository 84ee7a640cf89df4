package dev.nnl.runtime.artifact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonPrimitive;
import dev.nnl.runtime.FitOptions;
import dev.nnl.runtime.Nnl;
import dev.nnl.runtime.NnlException;
import dev.nnl.runtime.TrainedModel;
import dev.nnl.runtime.train.TrainingListener;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Issue 19 (7, 9, 14): crafted and damaged artifacts end in an ArtifactException naming the problem, cheaply. */
class ArtifactLimitsTest {
    @TempDir
    static Path dir;
    static Path good;

    @BeforeAll
    static void train() throws Exception {
        good = TinyArtifact.train(dir);
    }

    static ArtifactException refused(Path file) {
        return assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertThrows(ArtifactException.class, () -> TrainedModel.load(file)));
    }

    @Test
    void theGoodArtifactLoads() throws Exception {
        assertEquals("Tiny", TrainedModel.load(good).name());
    }

    @Test
    void aTruncatedArtifactIsCorruptNotAnIoError() throws Exception {
        byte[] all = Files.readAllBytes(good);
        Path cut = Files.write(dir.resolve("cut.nnlz"), Arrays.copyOf(all, all.length * 9 / 10));
        ArtifactException e = refused(cut);
        assertTrue(e.getMessage().startsWith(cut + ": corrupt or truncated artifact"), e.getMessage());
        assertFalse(e.isIo());
    }

    @Test
    void anOversizeMetaJsonIsRefusedWithoutReadingItAll() throws Exception {
        Map<String, byte[]> entries = TinyArtifact.entries(good);
        byte[] huge = new byte[(int) ArtifactReader.MAX_META_BYTES + 1];
        Arrays.fill(huge, (byte) ' ');
        entries.put("meta.json", huge);
        ArtifactException e = refused(TinyArtifact.write(dir.resolve("bigmeta.nnlz"), entries));
        assertTrue(e.getMessage().contains("meta.json is larger than " + ArtifactReader.MAX_META_BYTES + " bytes"), e.getMessage());
    }

    @Test
    void weightsThatInflateBeyondTheDeclaredShapesAreRefused() throws Exception {
        Map<String, byte[]> entries = TinyArtifact.entries(good);
        entries.put("weights.bin", new byte[64 << 20]);
        Path bomb = TinyArtifact.write(dir.resolve("bomb.nnlz"), entries);
        assertTrue(Files.size(bomb) < 1 << 20, "a small file");
        ArtifactException e = refused(bomb);
        assertTrue(e.getMessage().contains("weights.bin holds 67108864 bytes; the declared shapes need 68"), e.getMessage());
    }

    @Test
    void entriesNnlDoesNotKnowAreNeverInflated() throws Exception {
        Map<String, byte[]> entries = TinyArtifact.entries(good);
        entries.put("junk.bin", new byte[100 << 20]);
        Path junk = TinyArtifact.write(dir.resolve("junk.nnlz"), entries);
        var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        assertEquals("Tiny", TrainedModel.load(junk).name());
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertTrue(allocated < 30 << 20, "allocated " + allocated + " bytes for a 100 MB entry it should skip");
    }

    @Test
    void tooManyEntriesAreRefused() throws Exception {
        Map<String, byte[]> entries = TinyArtifact.entries(good);
        for (int i = 0; i < ArtifactReader.MAX_ENTRIES; i++) {
            entries.put("x/" + i, new byte[0]);
        }
        ArtifactException e = refused(TinyArtifact.write(dir.resolve("many.nnlz"), entries));
        assertTrue(e.getMessage().contains(entries.size() + " entries; an .nnlz has at most 4096"), e.getMessage());
    }

    static Stream<Arguments> badFields() {
        JsonArray shortMeans = new JsonArray();
        shortMeans.add(0.5);
        return Stream.of(
                Arguments.of("epoch", new JsonPrimitive(-1), "field `epoch` is -1; expected ≥ 0"),
                Arguments.of("batchSize", new JsonPrimitive(0), "field `batchSize` is 0; expected ≥ 1"),
                Arguments.of("weights", JsonNull.INSTANCE, "field `weights` is null; expected a list of weights"),
                Arguments.of("weights", new JsonPrimitive("abc"), "meta.json is not valid"),
                Arguments.of("optimizerState", JsonNull.INSTANCE, "field `optimizerState` is null; expected a list of names"),
                Arguments.of("optimizerState", new JsonPrimitive(7), "meta.json is not valid"),
                Arguments.of("history", JsonNull.INSTANCE, "field `history` is null; expected a list of per-epoch results"),
                Arguments.of("epoch", new JsonPrimitive(new java.math.BigDecimal("1e400")), "meta.json is not valid"),
                Arguments.of("learningRate", new JsonPrimitive("fast"), "meta.json is not valid"),
                Arguments.of("model", JsonNull.INSTANCE, "field `model` is null; expected a model name"),
                Arguments.of("preprocessing.means", shortMeans, "field `preprocessing.means` is 1 values; expected one per feature column (2)"),
                Arguments.of("preprocessing.kind", new JsonPrimitive("pickle"), "field `preprocessing.kind` is \"pickle\"; expected idx, csv, npy or text"),
                Arguments.of("preprocessing", JsonNull.INSTANCE, "field `preprocessing` is null, but the model was trained on csv(\"d.csv\")"));
    }

    @ParameterizedTest
    @MethodSource("badFields")
    void aBadMetaFieldIsNamed(String field, com.google.gson.JsonElement value, String expected) throws Exception {
        Path bad = TinyArtifact.withField(good, dir.resolve("bad-" + field + ".nnlz"), field, value);
        ArtifactException e = refused(bad);
        assertTrue(e.getMessage().startsWith(bad + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertFalse(e.isIo());
    }

    @Test
    void aNullWeightShapeIsNamed() throws Exception {
        Path bad = TinyArtifact.withMeta(good, dir.resolve("shape.nnlz"),
                m -> m.getAsJsonArray("weights").get(1).getAsJsonObject().add("shape", JsonNull.INSTANCE));
        assertTrue(refused(bad).getMessage().contains("field `weights[1].shape` is null; expected a list of sizes"));
    }

    @Test
    void resumeRefusesAnotherModelsArtifact() throws Exception {
        Path other = Files.createDirectory(dir.resolve("other"));
        Path src = Files.writeString(other.resolve("other.nnl"), TinyArtifact.SOURCE.replace("Tiny", "Other"));
        Files.copy(dir.resolve("d.csv"), other.resolve("d.csv"));
        NnlException e = assertThrows(NnlException.class, () -> Nnl.compile(src)
                .fit(FitOptions.defaults().withResume(good), new TrainingListener() {
                }));
        assertEquals(good + ": it holds model `Tiny`, not `Other`", e.getMessage());
    }

    @Test
    void aShortOptimizerBufferIsRefused() throws Exception {
        Map<String, byte[]> entries = TinyArtifact.entries(good);
        String key = entries.keySet().stream().filter(k -> k.startsWith("optimizer/")).findFirst().orElseThrow();
        entries.put(key, new byte[8]);
        ArtifactException e = refused(TinyArtifact.write(dir.resolve("shortopt.nnlz"), entries));
        assertTrue(e.getMessage().contains(key + " holds 8 bytes; the declared shapes need 136"), e.getMessage());
        assertTrue(new String(entries.get("meta.json"), StandardCharsets.UTF_8).contains("optimizerState"));
    }
}
