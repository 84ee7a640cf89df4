package dev.nnl.runtime.keras;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.nnl.compiler.ir.ModelIR;
import dev.nnl.compiler.source.RegularFiles;
import dev.nnl.runtime.NnlException;
import dev.nnl.runtime.io.AtomicFiles;
import dev.nnl.runtime.tensor.ParamStore;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * TF.js Layers files: {@code model.json} ({@code modelTopology} and {@code weightsManifest}) and
 * its {@code .bin} shards, read with every size checked against the manifest first.
 */
public final class TfjsFiles {
    /** A shard is named by a plain file name next to model.json: no folders, no {@code ..}. */
    private static final Pattern SHARD = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*");

    private TfjsFiles() {
    }

    /** The Keras model config inside {@code modelTopology} (TF.js may wrap it in {@code model_config}). */
    public static JsonObject topology(JsonObject modelJson, String what) throws NnlException {
        JsonObject t = KerasModel.obj(modelJson.get("modelTopology"), what, "modelTopology");
        if (t.get("model_config") instanceof JsonObject inner) {
            return inner;
        }
        return t;
    }

    /** The weights the manifest lists, read from the shards in {@code dir}. */
    public static KerasWeights weights(JsonObject modelJson, Path dir, String what) throws NnlException {
        KerasWeights out = new KerasWeights();
        if (!(modelJson.get("weightsManifest") instanceof JsonArray groups)) {
            return null;
        }
        Set<String> seen = new HashSet<>();
        for (JsonElement g : groups) {
            JsonObject group = KerasModel.obj(g, what, "a weightsManifest group");
            JsonArray paths = KerasModel.arr(group.get("paths"), what, "weightsManifest paths");
            JsonArray specs = KerasModel.arr(group.get("weights"), what, "weightsManifest weights");
            long need = 0;
            long[][] shapes = new long[specs.size()][];
            for (int i = 0; i < specs.size(); i++) {
                JsonObject spec = KerasModel.obj(specs.get(i), what, "a weight spec");
                String name = KerasModel.str(spec, "name");
                String dtype = KerasModel.str(spec, "dtype");
                if (name == null) {
                    throw new NnlException(what + ": a weight in weightsManifest has no name", false);
                }
                if (spec.has("quantization")) {
                    throw new NnlException(what + ": weight `" + name + "` is quantized; export the model with float32 weights", false);
                }
                if (dtype != null && !dtype.equals("float32")) {
                    throw new NnlException(what + ": weight `" + name + "` has dtype " + dtype + "; nnl reads float32 weights", false);
                }
                JsonArray sh = KerasModel.arr(spec.get("shape"), what, "the shape of weight `" + name + "`");
                shapes[i] = new long[sh.size()];
                for (int d = 0; d < sh.size(); d++) {
                    if (!sh.get(d).isJsonPrimitive() || !sh.get(d).getAsJsonPrimitive().isNumber()) {
                        throw new NnlException(what + ": weight `" + name + "` has a shape that is not a list of integers", false);
                    }
                    shapes[i][d] = sh.get(d).getAsLong();
                }
                need = Math.addExact(need, KerasWeights.count(shapes[i], what + ": weight `" + name + "`"));
                if (need > KerasWeights.MAX_FLOATS) {
                    throw new NnlException(what + ": the weights hold more than " + KerasWeights.MAX_FLOATS + " values", false);
                }
            }
            byte[] bytes = readShards(paths, dir, need * 4, what, seen);
            ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < specs.size(); i++) {
                String name = KerasModel.str(specs.get(i).getAsJsonObject(), "name");
                float[] v = new float[(int) KerasWeights.count(shapes[i], name)];
                buf.asFloatBuffer().get(v);
                buf.position(buf.position() + v.length * 4);
                int slash = name.indexOf('/');
                out.add(slash < 0 ? name : name.substring(0, slash), new KerasWeights.Array(name, shapes[i], v));
            }
        }
        return out;
    }

    /** A group's shards, concatenated; their total size must be exactly what the group's weights need. */
    private static byte[] readShards(JsonArray paths, Path dir, long need, String what, Set<String> seen) throws NnlException {
        long total = 0;
        Path[] files = new Path[paths.size()];
        for (int i = 0; i < files.length; i++) {
            String p = paths.get(i).isJsonPrimitive() ? paths.get(i).getAsString() : "";
            if (!SHARD.matcher(p).matches() || p.contains("..")) {
                throw new NnlException(what + ": weights shard `" + p + "` is not a file name next to model.json", false);
            }
            if (!seen.add(p)) {
                throw new NnlException(what + ": weights shard `" + p + "` is listed twice", false);
            }
            files[i] = dir.resolve(p);
            try {
                total += Files.size(files[i]);
            } catch (NoSuchFileException e) {
                throw new NnlException(what + ": weights shard `" + p + "` is missing (expected at " + files[i] + ")", true);
            } catch (IOException e) {
                throw new NnlException(what + ": cannot read weights shard `" + p + "`: " + e.getMessage(), true);
            }
        }
        if (total != need) {
            throw new NnlException(what + ": the weights shards hold " + total + " bytes, but the manifest's weights need "
                    + need + " (a shard is missing, extra, or truncated)", false);
        }
        byte[] out = new byte[(int) need];
        int at = 0;
        for (Path f : files) {
            try {
                byte[] b = RegularFiles.readAllBytes(f, need - at);
                System.arraycopy(b, 0, out, at, b.length);
                at += b.length;
            } catch (IOException e) {
                throw new NnlException(what + ": cannot read weights shard " + f.getFileName() + ": " + e.getMessage(), true);
            }
        }
        if (at != need) {
            throw new NnlException(what + ": the weights shards changed while they were read", true);
        }
        return out;
    }

    /**
     * Writes {@code model.json} (the config TF.js reads and the weights manifest) and
     * {@code weights.bin} (the weights in model order, float32 little-endian) to {@code dir}.
     *
     * @throws NnlException when a layer is one TF.js cannot run as Keras does, or (I/O) a file cannot be written
     */
    public static void write(ModelIR model, List<ParamStore.Slot> slots, Path dir) throws NnlException {
        JsonObject config = ConfigWriter.write(model, ConfigWriter.Flavor.TFJS);
        JsonArray specs = new JsonArray();
        ByteBuffer bin = ByteBuffer.allocate(slots.stream().mapToInt(x -> x.value().size).sum() * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (ParamStore.Slot s : slots) {
            JsonObject w = new JsonObject();
            w.addProperty("name", ConfigWriter.tfjsWeightName(model.layer(s.layer()), s.weight().name()));
            JsonArray shape = new JsonArray();
            for (long d : s.weight().shape().dims()) {
                shape.add(d);
            }
            w.add("shape", shape);
            w.addProperty("dtype", "float32");
            specs.add(w);
            for (int i = 0; i < s.value().size; i++) {
                bin.putFloat((float) s.value().get(i));
            }
        }
        JsonObject group = new JsonObject();
        JsonArray paths = new JsonArray();
        paths.add("weights.bin");
        group.add("paths", paths);
        group.add("weights", specs);
        JsonArray manifest = new JsonArray();
        manifest.add(group);
        JsonObject json = new JsonObject();
        json.add("modelTopology", config);
        json.addProperty("format", "layers-model");
        json.addProperty("generatedBy", "nnl");
        json.add("weightsManifest", manifest);
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new NnlException("cannot write " + dir + ": it is a file, and TF.js models are folders "
                    + "(model.json and weights.bin); give a folder with -o", true);
        }
        try {
            Files.createDirectories(dir);
            AtomicFiles.write(dir.resolve("weights.bin"), bin.array());
            AtomicFiles.write(dir.resolve("model.json"), (json + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new NnlException("cannot write " + dir + ": " + e.getMessage(), true);
        }
    }
}
