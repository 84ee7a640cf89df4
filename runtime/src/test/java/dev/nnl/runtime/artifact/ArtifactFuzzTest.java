package dev.nnl.runtime.artifact;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import dev.nnl.runtime.NnlException;
import dev.nnl.runtime.TrainedModel;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Issue 19's fuzzing pass over the artifact reader: random damage to a valid small artifact
 * (byte flips, truncation, meta.json fields replaced with nulls, wrong types and huge numbers,
 * oversize entries) must end in a loaded model that predicts, or an {@link NnlException} with a
 * message: never another exception, never unbounded memory or time. Tries are few, so the whole
 * pass takes seconds; seeds are random per run and a failure prints its seed.
 */
class ArtifactFuzzTest {
    /** Fields of meta.json to replace; a number indexes a list. */
    private static final List<String> FIELDS = List.of("format", "version", "model", "sourceFile", "sourceDir", "weights",
            "weights.0", "weights.0.shape", "weights.1.shape.0", "weights.2.layer", "seed", "epochs", "batchSize", "epoch",
            "step", "complete", "history", "history.0", "history.0.loss", "callbackState", "optimizer", "learningRate",
            "iterations", "optimizerState", "optimizerState.0", "callbackArrays", "preprocessing", "preprocessing.kind",
            "preprocessing.scale", "preprocessing.labelNames", "preprocessing.labelNames.0", "preprocessing.featureColumns",
            "preprocessing.means", "preprocessing.means.1", "preprocessing.stds", "preprocessing.stds.0",
            "preprocessing.delimiter", "preprocessing.window", "preprocessing.maxLength", "data");

    private static Path dir;
    private static Path good;
    private static Map<String, byte[]> entries;
    private static byte[] bytes;

    @BeforeContainer
    static void train() throws Exception {
        dir = Files.createTempDirectory("nnl-fuzz");
        good = TinyArtifact.train(dir);
        entries = TinyArtifact.entries(good);
        bytes = Files.readAllBytes(good);
        Files.writeString(dir.resolve("new.csv"), "a,b\n1,2\n3,4\n");
    }

    @AfterContainer
    static void cleanUp() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    @Property(tries = 150)
    void flippedBytesAndTruncation(@ForAll("flips") List<double[]> flips, @ForAll("fractions") double keep) throws Exception {
        byte[] b = bytes.clone();
        for (double[] f : flips) {
            b[(int) (f[0] * b.length)] = (byte) f[1];
        }
        b = Arrays.copyOf(b, Math.max(0, (int) (keep * b.length)));
        check(Files.write(dir.resolve("flipped.nnlz"), b));
    }

    @Property(tries = 200)
    void replacedMetaFields(@ForAll("fields") List<String> fields, @ForAll("values") List<JsonElement> values) throws Exception {
        JsonObject meta = TinyArtifact.meta(entries);
        for (int i = 0; i < Math.min(fields.size(), values.size()); i++) {
            set(meta, fields.get(i), values.get(i));
        }
        Map<String, byte[]> changed = new java.util.LinkedHashMap<>(entries);
        changed.put("meta.json", meta.toString().getBytes(StandardCharsets.UTF_8));
        check(TinyArtifact.write(dir.resolve("fields.nnlz"), changed));
    }

    @Property(tries = 10)
    void oversizeEntries(@ForAll("oversize") Map.Entry<String, Integer> entry, @ForAll boolean random) throws Exception {
        byte[] big = new byte[entry.getValue()];
        if (random && big.length <= ArtifactReader.MAX_META_BYTES + 1) {
            // Random bytes do not compress: keep the zip the test writes small enough to write fast.
            new java.util.Random(big.length).nextBytes(big);
        }
        Map<String, byte[]> changed = new java.util.LinkedHashMap<>(entries);
        changed.put(entry.getKey(), big);
        check(TinyArtifact.write(dir.resolve("big.nnlz"), changed));
    }

    /** Loads and predicts; the only acceptable failure is an NnlException with a message. */
    private static void check(Path file) {
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            try {
                TrainedModel m = TrainedModel.load(file);
                m.predictions(dir.resolve("new.csv"), warning -> { });
            } catch (NnlException e) {
                assertFalse(e.getMessage() == null || e.getMessage().isBlank(), "an error without a message");
            } catch (Throwable t) {
                fail("not an NnlException: " + t, t);
            }
        });
    }

    /**
     * Sets a field by its dotted path, where a number indexes a list; a path that no longer exists
     * is skipped. The value is copied: jqwik may hand the same JsonObject twice, and setting it
     * inside itself made a cycle that Gson's toString could not write (a StackOverflowError in the
     * test, seen once in CI, not in the reader).
     */
    private static void set(JsonElement root, String path, JsonElement shared) {
        JsonElement value = shared.deepCopy();
        String[] keys = path.split("\\.");
        JsonElement at = root;
        for (int i = 0; i < keys.length - 1 && at != null; i++) {
            at = at.isJsonObject() ? at.getAsJsonObject().get(keys[i])
                    : at.isJsonArray() && index(keys[i]) < at.getAsJsonArray().size() ? at.getAsJsonArray().get(index(keys[i])) : null;
        }
        String last = keys[keys.length - 1];
        if (at != null && at.isJsonObject()) {
            at.getAsJsonObject().add(last, value);
        } else if (at != null && at.isJsonArray() && index(last) < at.getAsJsonArray().size()) {
            at.getAsJsonArray().set(index(last), value);
        }
    }

    private static int index(String key) {
        return key.chars().allMatch(Character::isDigit) ? Integer.parseInt(key) : Integer.MAX_VALUE;
    }

    @Provide
    Arbitrary<List<double[]>> flips() {
        return Combinators.combine(Arbitraries.doubles().between(0, 0.9999).ofScale(4), Arbitraries.integers().between(0, 255))
                .as((at, b) -> new double[] {at, b}).list().ofMinSize(0).ofMaxSize(4);
    }

    @Provide
    Arbitrary<Double> fractions() {
        return Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.just(1.0)), Tuple.of(1, Arbitraries.doubles().between(0, 1).ofScale(4)));
    }

    @Provide
    Arbitrary<List<String>> fields() {
        return Arbitraries.of(FIELDS).list().ofMinSize(1).ofMaxSize(3);
    }

    @Provide
    Arbitrary<List<JsonElement>> values() {
        JsonArray nested = new JsonArray();
        nested.add(new JsonArray());
        JsonArray huge = new JsonArray();
        huge.add(new JsonPrimitive(new BigDecimal("1e9")));
        huge.add(new JsonPrimitive(new BigDecimal("1e9")));
        JsonArray shortList = new JsonArray();
        shortList.add(1.5);
        return Arbitraries.<JsonElement>of(JsonNull.INSTANCE, new JsonPrimitive("text"), new JsonPrimitive(-1), new JsonPrimitive(0),
                new JsonPrimitive(1), new JsonPrimitive(new BigDecimal("1e400")), new JsonPrimitive(99_999_999_999L),
                new JsonPrimitive(-2.5), new JsonPrimitive(true), new JsonArray(), new JsonObject(), nested, huge, shortList,
                JsonParser.parseString("{\"x\": null}")).list().ofMinSize(1).ofMaxSize(3);
    }

    /** An entry and a size beyond what it may hold (a source is compiled, so only over its cap). */
    @Provide
    Arbitrary<Map.Entry<String, Integer>> oversize() {
        int overMeta = (int) ArtifactReader.MAX_META_BYTES + 1;
        int overSources = (int) ArtifactReader.MAX_SOURCE_BYTES + 1;
        return Arbitraries.of(Map.entry("meta.json", overMeta), Map.entry("weights.bin", 1 << 20), Map.entry("weights.bin", 20 << 20),
                Map.entry("optimizer/momentum.bin", 1 << 20), Map.entry("extra.bin", 20 << 20), Map.entry("source/tiny.nnl", overSources));
    }
}
