package dev.nnl.runtime.artifact;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import dev.nnl.runtime.data.Preprocessing;
import dev.nnl.runtime.io.AtomicFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
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
    /** {@code meta.data} of a run on arrays in memory, which records no preprocessing. */
    public static final String ARRAYS = "the training arrays";

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

    static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues()
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

    /**
     * Reads a whole artifact, within the limits of {@link ArtifactReader} and checked against
     * {@link ArtifactSchema}. To check the declared shapes against a model before the arrays are
     * read, use {@link ArtifactReader} directly, as {@code TrainedModel.load} does.
     */
    public static Artifact load(Path file) throws ArtifactException {
        try (ArtifactReader r = ArtifactReader.open(file)) {
            Artifact a = r.header();
            r.readArrays(a);
            return a;
        }
    }

    private static void putArrays(ZipOutputStream zip, String folder, Map<String, double[]> arrays) throws IOException {
        for (Map.Entry<String, double[]> e : arrays.entrySet()) {
            ByteBuffer b = ByteBuffer.allocate(e.getValue().length * 8).order(ByteOrder.LITTLE_ENDIAN);
            b.asDoubleBuffer().put(e.getValue());
            putStored(zip, folder + e.getKey() + ".bin", b.array());
        }
    }
}
