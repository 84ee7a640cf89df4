package dev.nnl.runtime.keras;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.nnl.runtime.NnlException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * A Keras 3 {@code .keras} file: a zip of {@code config.json}, {@code metadata.json} and
 * {@code model.weights.h5}. Entries are read in memory only (nothing is extracted to disk), each
 * bounded; a name that could leave a folder ({@code ../}, absolute, backslashes) refuses the file.
 */
final class KerasZip {
    /** config.json and metadata.json: far more than any real config. */
    static final long MAX_JSON = 16L << 20;
    /** model.weights.h5: KerasWeights.MAX_FLOATS floats and room for HDF5's own structures. */
    static final long MAX_WEIGHTS = KerasWeights.MAX_FLOATS * 4 + (64L << 20);

    private KerasZip() {
    }

    static KerasFiles.Read read(Path src, byte[] bytes) throws NnlException {
        String what = src.toString();
        Map<String, byte[]> entries = new HashMap<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(bytes))) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                String name = e.getName();
                if (name.startsWith("/") || name.contains("\\") || name.equals("..") || name.startsWith("../") || name.contains("/../")
                        || name.endsWith("/..")) {
                    throw new NnlException(what + ": zip entry `" + name + "` has a path that leaves the archive; refusing the file", false);
                }
                long cap = name.equals("model.weights.h5") ? MAX_WEIGHTS : name.endsWith(".json") ? MAX_JSON : 0;
                if (cap == 0) {
                    continue; // assets and files Keras may add later: not read
                }
                if (e.getSize() > cap) {
                    throw new NnlException(what + ": zip entry `" + name + "` declares " + e.getSize() + " bytes, more than "
                            + cap + "; refusing the file", false);
                }
                if (entries.put(name, bounded(zip, cap, name, what)) != null) {
                    throw new NnlException(what + ": zip entry `" + name + "` appears twice", false);
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new NnlException(what + ": a damaged .keras zip (" + e.getMessage() + ")", false);
        }
        byte[] cfg = entries.get("config.json");
        if (cfg == null) {
            throw new NnlException(what + ": a zip without `config.json`: not a Keras 3 .keras file", false);
        }
        JsonElement config = KerasModel.parseJson(new String(cfg, StandardCharsets.UTF_8), what + " (config.json)");
        if (!(config instanceof JsonObject o)) {
            throw new NnlException(what + ": config.json is not a JSON object", false);
        }
        byte[] w = entries.get("model.weights.h5");
        if (w == null) {
            return new KerasFiles.Read(o, null, false);
        }
        KerasWeights byPath = KerasH5.weights3(w, what + " (model.weights.h5)");
        Map<String, String> names = containerNames(o);
        KerasWeights byLayer = new KerasWeights();
        for (Map.Entry<String, java.util.List<KerasWeights.Array>> e : byPath.byLayer().entrySet()) {
            String layer = names.getOrDefault(e.getKey(), e.getKey());
            e.getValue().forEach(a -> byLayer.add(layer, a));
        }
        return new KerasFiles.Read(o, byLayer, false);
    }

    /**
     * Keras 3 stores a model's layers under {@code layers/<snake_case class>[_<n>]}, numbered per class
     * in model order (keras/src/saving/saving_lib.py, _save_container_state), not under their names:
     * h5 group → layer name. A Sequential's list omits its InputLayer; a Functional's includes them.
     */
    private static Map<String, String> containerNames(JsonObject top) {
        Map<String, String> out = new HashMap<>();
        boolean sequential = "Sequential".equals(KerasModel.str(top, "class_name"));
        if (!(top.get("config") instanceof JsonObject cfg) || !(cfg.get("layers") instanceof com.google.gson.JsonArray layers)) {
            return out;
        }
        Map<String, Integer> used = new HashMap<>();
        for (JsonElement e : layers) {
            if (!(e instanceof JsonObject l) || KerasModel.str(l, "class_name") == null) {
                continue;
            }
            String cls = KerasModel.str(l, "class_name");
            if (sequential && cls.equals("InputLayer")) {
                continue;
            }
            String base = ConfigWriter.snake(cls);
            Integer n = used.get(base);
            used.put(base, n == null ? 0 : n + 1);
            String path = n == null ? base : base + "_" + (n + 1);
            String name = l.get("config") instanceof JsonObject c && KerasModel.str(c, "name") != null ? KerasModel.str(c, "name")
                    : KerasModel.str(l, "name");
            if (name != null) {
                out.put(path, name);
            }
        }
        return out;
    }

    /** At most {@code cap} bytes, whatever the entry declared. */
    private static byte[] bounded(InputStream in, long cap, String name, String what) throws IOException, NnlException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[1 << 16];
        long total = 0;
        for (int n; (n = in.read(buf)) > 0; ) {
            total += n;
            if (total > cap) {
                throw new NnlException(what + ": zip entry `" + name + "` inflates to more than " + cap + " bytes; refusing the file", false);
            }
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }
}
