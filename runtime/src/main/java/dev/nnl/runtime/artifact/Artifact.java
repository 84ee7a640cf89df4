package dev.nnl.runtime.artifact;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import dev.nnl.runtime.data.Preprocessing;
import dev.nnl.runtime.io.AtomicFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * The {@code .nnlz} file: one zip holding the model's source, its weights (float32,
 * little-endian, in the parameter store's order), the optimizer state, the preprocessing
 * (vocabulary, label names, scale), the training configuration and history. Written atomically:
 * a crash or Ctrl-C never leaves a half-written file in place of a good one.
 */
public final class Artifact {
    public static final String FORMAT = "nnlz";
    public static final int VERSION = 1;

    /** One weight's place in weights.bin. */
    public record WeightEntry(String layer, String name, long[] shape, boolean trainable) {
    }

    /** Everything in meta.json. */
    public static final class Meta {
        public String format = FORMAT;
        public int version = VERSION;
        public String createdBy;
        public String model;
        public String sourceFile;
        /** Where the .nnl file was, so eval can find the data its train block names. */
        public String sourceDir;
        public List<WeightEntry> weights = new ArrayList<>();
        public long seed;
        public long epochs;
        public int batchSize;
        public int epoch;
        public int step;
        public boolean complete;
        public List<Map<String, Double>> history = new ArrayList<>();
        public Map<String, Double> callbackState = new LinkedHashMap<>();
        public String optimizer;
        public double learningRate;
        public long iterations;
        public List<String> optimizerState = new ArrayList<>();
        /** Arrays callbacks keep between epochs (EarlyStopping's best weights), for a resume. */
        public List<String> callbackArrays = new ArrayList<>();
        public Preprocessing preprocessing;
        public String data;
    }

    public Meta meta = new Meta();
    /** Source files by name; {@code meta.sourceFile} is the main one. */
    public Map<String, String> sources = new LinkedHashMap<>();
    public float[] weights = new float[0];
    public Map<String, double[]> optimizerState = new LinkedHashMap<>();
    public Map<String, double[]> callbackArrays = new LinkedHashMap<>();

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues()
            .disableHtmlEscaping().create();

    public void save(Path target) throws IOException {
        // Closing the zip stream closes the file stream too; AtomicFiles closing it again is harmless.
        AtomicFiles.write(target, raw -> {
            try (ZipOutputStream zip = new ZipOutputStream(raw)) {
                meta.optimizerState = new ArrayList<>(optimizerState.keySet());
                meta.callbackArrays = new ArrayList<>(callbackArrays.keySet());
                put(zip, "meta.json", GSON.toJson(meta).getBytes(StandardCharsets.UTF_8));
                for (Map.Entry<String, String> s : sources.entrySet()) {
                    put(zip, "source/" + s.getKey(), s.getValue().getBytes(StandardCharsets.UTF_8));
                }
                ByteBuffer w = ByteBuffer.allocate(weights.length * 4).order(ByteOrder.LITTLE_ENDIAN);
                w.asFloatBuffer().put(weights);
                putStored(zip, "weights.bin", w.array());
                putArrays(zip, "optimizer/", optimizerState);
                putArrays(zip, "callback/", callbackArrays);
            }
        });
    }

    private static void put(ZipOutputStream zip, String name, byte[] data) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(data);
        zip.closeEntry();
    }

    /**
     * An entry without compression: trained float weights barely compress (a few percent) and
     * deflating the MLP's 4 MB of weights and optimizer state took longer than its validation
     * pass, after every epoch.
     */
    private static void putStored(ZipOutputStream zip, String name, byte[] data) throws IOException {
        ZipEntry e = new ZipEntry(name);
        CRC32 crc = new CRC32();
        crc.update(data);
        e.setMethod(ZipEntry.STORED);
        e.setSize(data.length);
        e.setCompressedSize(data.length);
        e.setCrc(crc.getValue());
        zip.putNextEntry(e);
        zip.write(data);
        zip.closeEntry();
    }

    public static Artifact load(Path file) throws ArtifactException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (InputStream raw = Files.newInputStream(file); ZipInputStream zip = new ZipInputStream(raw)) {
            ZipEntry e;
            while ((e = zip.getNextEntry()) != null) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                zip.transferTo(out);
                entries.put(e.getName(), out.toByteArray());
            }
        } catch (NoSuchFileException e) {
            throw new ArtifactException(file + ": no such file", true);
        } catch (ZipException e) {
            throw new ArtifactException(file + ": not an .nnlz model file (corrupt zip: " + e.getMessage() + ")", false);
        } catch (IOException e) {
            throw new ArtifactException(file + ": cannot read (" + e.getMessage() + ")", true);
        }
        byte[] metaBytes = entries.get("meta.json");
        if (metaBytes == null) {
            throw new ArtifactException(file + ": " + notAModel(file, entries.isEmpty()), false);
        }
        Artifact a = new Artifact();
        try {
            a.meta = GSON.fromJson(new String(metaBytes, StandardCharsets.UTF_8), Meta.class);
        } catch (JsonParseException e) {
            throw new ArtifactException(file + ": corrupt meta.json (" + e.getMessage() + ")", false);
        }
        if (a.meta == null || !FORMAT.equals(a.meta.format)) {
            throw new ArtifactException(file + ": not an .nnlz model file", false);
        }
        if (a.meta.version > VERSION) {
            throw new ArtifactException(file + ": written by a newer nnl (format version " + a.meta.version + "; this nnlc reads " + VERSION + ")", false);
        }
        for (Map.Entry<String, byte[]> e : entries.entrySet()) {
            if (e.getKey().startsWith("source/")) {
                a.sources.put(e.getKey().substring("source/".length()), new String(e.getValue(), StandardCharsets.UTF_8));
            }
        }
        byte[] w = entries.get("weights.bin");
        long expected = a.meta.weights.stream().mapToLong(x -> java.util.Arrays.stream(x.shape()).reduce(1, (p, q) -> p * q)).sum();
        if (w == null || w.length != expected * 4 || !a.sources.containsKey(a.meta.sourceFile)) {
            throw new ArtifactException(file + ": corrupt model file (weights or source missing or truncated)", false);
        }
        a.weights = new float[w.length / 4];
        ByteBuffer.wrap(w).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(a.weights);
        readArrays(file, entries, "optimizer/", "optimizer state", a.meta.optimizerState, a.optimizerState);
        readArrays(file, entries, "callback/", "callback state", a.meta.callbackArrays, a.callbackArrays);
        return a;
    }

    /** Why a file without meta.json is no model, and what to do instead. */
    private static String notAModel(Path file, boolean noEntries) {
        if (file.getFileName() != null && file.getFileName().toString().endsWith(".nnl")) {
            return "this is a model source; train it first (`nnlc train " + file + "`) or compile it (`nnlc compile " + file + "`)";
        }
        // ZipInputStream reads a file that is not a zip at all as one without entries.
        return noEntries ? "not an .nnlz model file (not a zip archive; `nnlc train` and `nnlc compile` write .nnlz files)"
                : "not an .nnlz model file (no meta.json inside)";
    }

    private static void putArrays(ZipOutputStream zip, String folder, Map<String, double[]> arrays) throws IOException {
        for (Map.Entry<String, double[]> e : arrays.entrySet()) {
            ByteBuffer b = ByteBuffer.allocate(e.getValue().length * 8).order(ByteOrder.LITTLE_ENDIAN);
            b.asDoubleBuffer().put(e.getValue());
            putStored(zip, folder + e.getKey() + ".bin", b.array());
        }
    }

    private static void readArrays(Path file, Map<String, byte[]> entries, String folder, String what, List<String> keys,
                                   Map<String, double[]> into) throws ArtifactException {
        for (String key : keys) {
            byte[] b = entries.get(folder + key + ".bin");
            if (b == null || b.length % 8 != 0) {
                throw new ArtifactException(file + ": corrupt model file (" + what + " `" + key + "` missing or truncated)", false);
            }
            double[] d = new double[b.length / 8];
            ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer().get(d);
            into.put(key, d);
        }
    }
}
