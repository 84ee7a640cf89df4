package dev.nnl.runtime.artifact;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.nnl.runtime.FitOptions;
import dev.nnl.runtime.Nnl;
import dev.nnl.runtime.train.TrainingListener;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/** A small trained artifact (a CSV model with standardization, one epoch) and ways to damage it, for the hostile-input tests. */
final class TinyArtifact {
    static final String SOURCE = """
            model Tiny {
                input x: (2)
                Dense(3, activation=relu)
                Dense(2, activation=softmax)
            }

            train Tiny {
                data       = csv("d.csv", label="y", header=true, standardize=true)
                loss       = sparse_categorical_crossentropy
                optimizer  = Adam(learning_rate=0.01)
                epochs     = 1
                batch_size = 4
                seed       = 1
            }
            """;

    private TinyArtifact() {
    }

    /** Trains Tiny for one epoch in {@code dir} and returns its artifact, {@code dir/tiny.nnlz}. */
    static Path train(Path dir) throws Exception {
        return train(dir, SOURCE, "tiny");
    }

    static Path train(Path dir, String source, String stem) throws Exception {
        Path src = Files.writeString(dir.resolve(stem + ".nnl"), source);
        Files.writeString(dir.resolve("d.csv"), "a,b,y\n1,2,p\n2,1,q\n3,4,p\n4,3,q\n5,6,p\n6,5,q\n7,8,p\n8,7,q\n");
        Path out = dir.resolve(stem + ".nnlz");
        Nnl.compile(src).fit(FitOptions.defaults().withOutput(out), new TrainingListener() {
        });
        return out;
    }

    /** The artifact's entries by name, in order. */
    static Map<String, byte[]> entries(Path artifact) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (InputStream raw = Files.newInputStream(artifact); ZipInputStream zip = new ZipInputStream(raw)) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                entries.put(e.getName(), zip.readAllBytes());
            }
        }
        return entries;
    }

    /** Writes entries as a zip, every entry deflated. */
    static Path write(Path file, Map<String, byte[]> entries) throws IOException {
        try (OutputStream raw = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(raw)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
        return file;
    }

    static JsonObject meta(Map<String, byte[]> entries) {
        return JsonParser.parseString(new String(entries.get("meta.json"), StandardCharsets.UTF_8)).getAsJsonObject();
    }

    /** A copy of the artifact with one change to its meta.json. */
    static Path withMeta(Path artifact, Path copy, Consumer<JsonObject> change) throws IOException {
        Map<String, byte[]> entries = entries(artifact);
        JsonObject meta = meta(entries);
        change.accept(meta);
        entries.put("meta.json", meta.toString().getBytes(StandardCharsets.UTF_8));
        return write(copy, entries);
    }

    /** A copy of the artifact with {@code path} (dots between object keys) set to {@code value}. */
    static Path withField(Path artifact, Path copy, String path, JsonElement value) throws IOException {
        return withMeta(artifact, copy, meta -> {
            String[] keys = path.split("\\.");
            JsonObject o = meta;
            for (int i = 0; i < keys.length - 1; i++) {
                o = o.getAsJsonObject(keys[i]);
            }
            o.add(keys[keys.length - 1], value);
        });
    }
}
