package dev.nnl.runtime;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.nnl.compiler.Compilation;
import dev.nnl.compiler.Compiler;
import dev.nnl.compiler.diag.Diagnostic;
import dev.nnl.compiler.format.Formatted;
import dev.nnl.compiler.format.Formatter;
import dev.nnl.compiler.ir.LayerNode;
import dev.nnl.compiler.ir.ModelIR;
import dev.nnl.compiler.source.RegularFiles;
import dev.nnl.compiler.source.SourceFile;
import dev.nnl.runtime.keras.KerasFiles;
import dev.nnl.runtime.keras.KerasModel;
import dev.nnl.runtime.keras.KerasWeights;
import dev.nnl.runtime.keras.SourceWriter;
import dev.nnl.runtime.tensor.ParamStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A Keras or TF.js model as readable nnl source, with its weights: what {@code nnlc import}
 * writes. Reads a TF.js Layers {@code model.json} (with its {@code .bin} shards), Keras's
 * {@code model.to_json()}, a Keras 3 {@code .keras} file or a Keras 2 {@code .h5} file.
 *
 * <p>As Keras's {@code safe_mode}: nothing from the file ever runs. Lambda layers, custom or
 * unknown classes and config values nnl does not support are refused, one line per layer, and
 * every size in the file is checked before anything is allocated.
 *
 * <pre>{@code
 * KerasImport imported = KerasImport.read(Path.of("model.json"), null, "model.nnl");
 * imported.write(Path.of("model.nnl"), Path.of("model.nnlz"));
 * }</pre>
 */
public final class KerasImport {
    private final String modelName;
    private final String source;
    private final TrainedModel model;

    private KerasImport(String modelName, String source, TrainedModel model) {
        this.modelName = modelName;
        this.source = source;
        this.model = model;
    }

    /**
     * Reads a Keras or TF.js model file and translates it.
     *
     * @param src the {@code model.json}, Keras JSON, {@code .keras} or {@code .h5} file
     * @param name the nnl model name, or null for one made from the Keras model's name
     * @param sourceName the file name the generated source will have (recorded in the {@code .nnlz})
     * @throws NnlException when the file cannot be read ({@link NnlException#isIo()}), is not a
     *     Keras model, is damaged, or uses something nnl does not support (one line per layer)
     */
    public static KerasImport read(Path src, String name, String sourceName) throws NnlException {
        KerasFiles.Read file = KerasFiles.read(src);
        KerasModel km = KerasModel.of(file.config(), src.toString());
        String modelName = name != null ? name : modelName(km.name());
        if (!modelName.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new NnlException("--name `" + modelName + "` is not an nnl model name (letters, digits and _, not starting with a digit)", false);
        }
        Translated t = translate(km, modelName, sourceName, src, file.legacy());
        TrainedModel model = null;
        if (file.weights() != null) {
            model = t.compiled().initialize(0);
            setWeights(model, file.weights(), src.toString());
        }
        return new KerasImport(modelName, t.source(), model);
    }

    /** The nnl source, formatted as {@code nnlc fmt} formats it. */
    public String source() {
        return source;
    }

    /** The nnl model's name. */
    public String modelName() {
        return modelName;
    }

    /** The model with the file's weights, or null when the file has none (a bare Keras JSON config). */
    public TrainedModel model() {
        return model;
    }

    /**
     * Writes the source to {@code nnl} and, when the file had weights, the model to {@code nnlz};
     * each atomically, so a failure leaves no partial file.
     *
     * @throws NnlException an I/O error when a file cannot be written
     */
    public void write(Path nnl, Path nnlz) throws NnlException {
        boolean existed = java.nio.file.Files.exists(nnl);
        try {
            OutputFiles.write(nnl, source.getBytes(StandardCharsets.UTF_8));
            if (model != null) {
                try {
                    model.save(nnlz);
                } catch (IOException e) {
                    if (!existed) {
                        java.nio.file.Files.deleteIfExists(nnl); // no half of an import left behind
                    }
                    throw e;
                }
            }
        } catch (IOException e) {
            throw new NnlException("cannot write " + (model == null ? nnl : nnl + " and " + nnlz) + ": " + e.getMessage(), true);
        }
    }

    /** Keras names are snake_case (`sequential_1`); nnl model names are PascalCase (`Sequential1`). */
    static String modelName(String keras) {
        StringBuilder sb = new StringBuilder();
        boolean up = true;
        for (char c : keras.toCharArray()) {
            if (Character.isLetterOrDigit(c) && c < 128) {
                sb.append(up ? Character.toUpperCase(c) : c);
                up = false;
            } else {
                up = true;
            }
        }
        if (sb.isEmpty() || Character.isDigit(sb.charAt(0))) {
            sb.insert(0, "Model");
        }
        return sb.toString();
    }

    /** The formatted source and the model it compiles to (checked without errors). */
    private record Translated(String source, CompiledModel compiled) {
    }

    /**
     * The source, with {@code name=} exactly where the Keras name is not the name nnl would give:
     * the compiler's own naming decides, so each round writes the names it got wrong, until none
     * is (an explicit name can shift later default names, hence the loop).
     */
    private static Translated translate(KerasModel km, String modelName, String sourceName, Path src, boolean legacy) throws NnlException {
        Set<String> named = new HashSet<>();
        for (int round = 0; round <= km.layers().size(); round++) {
            SourceWriter.Written w = SourceWriter.write(km, modelName, named, legacy);
            if (!w.problems().isEmpty()) {
                throw new NnlException(src + ": cannot import " + w.problems().size() + (w.problems().size() == 1 ? " layer" : " layers")
                        + ":\n  " + String.join("\n  ", w.problems()), false);
            }
            SourceFile file = SourceFile.of(sourceName, w.source());
            Formatted f = Formatter.format(file);
            if (f.text() == null) {
                throw new NnlException(src + ": the model translates to source that does not parse (a bug in nnlc import):\n" + w.source(), false);
            }
            Compilation c = Compiler.compile(SourceFile.of(sourceName, f.text()));
            ModelIR ir = c.models().get(modelName);
            if (c.hasErrors() || ir == null) {
                List<String> errors = new ArrayList<>();
                for (Diagnostic d : c.diagnostics()) {
                    if (d.isError()) {
                        errors.add(d.message());
                    }
                }
                throw new NnlException(src + ": the model does not check as nnl:\n  " + String.join("\n  ", errors), false);
            }
            List<String> wrong = new ArrayList<>();
            for (int i = 0; i < ir.layers().size(); i++) {
                String want = km.layers().get(i).name();
                if (!ir.layers().get(i).name().equals(want) && !named.contains(want)) {
                    wrong.add(want);
                }
            }
            if (wrong.isEmpty()) {
                return new Translated(f.text(), CompiledModel.of(c, ir));
            }
            named.addAll(wrong);
        }
        throw new IllegalStateException("layer names did not settle");
    }

    private static void setWeights(TrainedModel model, KerasWeights weights, String what) throws NnlException {
        Map<String, List<KerasWeights.Array>> left = new LinkedHashMap<>(weights.byLayer());
        List<String> problems = new ArrayList<>();
        Map<String, List<ParamStore.Slot>> slots = new LinkedHashMap<>();
        for (ParamStore.Slot s : model.slots()) {
            slots.computeIfAbsent(s.layer(), k -> new ArrayList<>()).add(s);
        }
        for (LayerNode n : model.model().layers()) {
            List<ParamStore.Slot> want = slots.getOrDefault(n.name(), List.of());
            List<KerasWeights.Array> have = left.remove(n.name());
            if (have == null) {
                have = List.of();
            }
            if (have.size() != want.size()) {
                problems.add("layer `" + n.name() + "` (" + n.className() + ") needs " + want.size() + " weight arrays, the file has " + have.size());
                continue;
            }
            for (int i = 0; i < want.size(); i++) {
                long[] shape = want.get(i).weight().shape().dims();
                KerasWeights.Array a = have.get(i);
                if (a.values().length != want.get(i).value().size || !sameShape(shape, a.shape())) {
                    problems.add("weight `" + a.name() + "` of layer `" + n.name() + "` has shape " + Arrays.toString(a.shape())
                            + ", the config implies " + Arrays.toString(shape));
                    continue;
                }
                model.setWeight(want.get(i), a.values());
            }
        }
        for (String extra : left.keySet()) {
            problems.add("the file has weights for `" + extra + "`, which is not a layer of the model");
        }
        if (!problems.isEmpty()) {
            throw new NnlException(what + ": the weights do not match the model:\n  " + String.join("\n  ", problems), false);
        }
    }

    /** Equal shapes, ignoring unit axes Keras may keep or drop (a GRU bias stays (2, 3u)). */
    private static boolean sameShape(long[] a, long[] b) {
        return Arrays.equals(strip(a), strip(b));
    }

    private static long[] strip(long[] s) {
        return Arrays.stream(s).filter(d -> d != 1).toArray();
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
