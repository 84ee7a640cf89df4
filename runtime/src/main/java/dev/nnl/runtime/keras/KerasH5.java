package dev.nnl.runtime.keras;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.nnl.runtime.NnlException;
import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * HDF5 files through jhdf: a Keras 2 full-model {@code .h5} (root attribute {@code model_config},
 * group {@code model_weights/<layer>} with {@code weight_names}) and a Keras 3
 * {@code model.weights.h5} ({@code layers/<layer>/.../vars/<i>}). Every dataset's size is checked
 * before it is read; anything jhdf cannot read is reported as a damaged file.
 */
final class KerasH5 {
    private KerasH5() {
    }

    /** A Keras 2 {@code .h5}: its config and weights. */
    static KerasFiles.Read read(Path src, byte[] bytes) throws NnlException {
        String what = src.toString();
        try (HdfFile h = HdfFile.fromBytes(bytes)) {
            Attribute cfg = h.getAttribute("model_config");
            if (cfg == null) {
                throw new NnlException(what + ": an HDF5 file without `model_config`: a weights-only file, not a full Keras model "
                        + "(save the model with model.save(\"model.h5\"), or import its JSON config)", false);
            }
            JsonElement e = KerasModel.parseJson(text(cfg.getData()), what + " (model_config)");
            if (!(e instanceof JsonObject config)) {
                throw new NnlException(what + ": `model_config` is not a JSON object", false);
            }
            KerasWeights w = new KerasWeights();
            Budget budget = new Budget(bytes.length, what);
            Node mw = h.getChild("model_weights");
            Group g = mw instanceof Group gg ? gg : h;
            for (String layer : strings(g.getAttribute("layer_names"), what)) {
                if (!(g.getChild(layer) instanceof Group lg)) {
                    throw new NnlException(what + ": `layer_names` lists `" + layer + "`, which has no group", false);
                }
                for (String wn : strings(lg.getAttribute("weight_names"), what)) {
                    if (!(lg.getByPath(wn) instanceof Dataset d)) {
                        throw new NnlException(what + ": weight `" + wn + "` of layer `" + layer + "` is missing", false);
                    }
                    w.add(layer, array(d, wn, budget));
                }
            }
            return new KerasFiles.Read(config, w, true);
        } catch (NnlException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError e) {
            throw damaged(what, e);
        }
    }

    /** A Keras 3 {@code model.weights.h5}: {@code layers/<name>/vars/<i>}, nested groups (a Bidirectional's forward and backward layers, an RNN's cell) in Keras's order. */
    static KerasWeights weights3(byte[] bytes, String what) throws NnlException {
        try (HdfFile h = HdfFile.fromBytes(bytes)) {
            KerasWeights w = new KerasWeights();
            Budget budget = new Budget(bytes.length, what);
            if (!(h.getChild("layers") instanceof Group layers)) {
                throw new NnlException(what + ": no `layers` group: not a Keras 3 weights file", false);
            }
            for (Node n : layers.getChildren().values()) {
                if (n instanceof Group lg) {
                    collect(lg, lg.getName(), w, budget);
                }
            }
            return w;
        } catch (NnlException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError e) {
            throw damaged(what, e);
        }
    }

    private static void collect(Group g, String layer, KerasWeights w, Budget budget) throws NnlException {
        if (g.getChild("vars") instanceof Group vars) {
            List<Node> vs = new ArrayList<>(vars.getChildren().values());
            vs.sort(Comparator.comparingLong(n -> index(n.getName())));
            for (Node v : vs) {
                if (v instanceof Dataset d) {
                    w.add(layer, array(d, layer + "/" + d.getName(), budget));
                }
            }
        }
        List<Group> subs = new ArrayList<>();
        for (Node n : g.getChildren().values()) {
            if (n instanceof Group sub && !sub.getName().equals("vars")) {
                subs.add(sub);
            }
        }
        // Keras's order: the forward copy of a Bidirectional before the backward one.
        subs.sort(Comparator.comparing((Group s) -> s.getName().startsWith("backward")).thenComparing(Group::getName));
        for (Group s : subs) {
            collect(s, layer, w, budget);
        }
    }

    private static long index(String name) {
        try {
            return Long.parseLong(name);
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    /** Floats read so far, bounded by the file: deflated datasets cannot expand past 16 times its size. */
    private static final class Budget {
        private final long max;
        private final String what;
        private long used;

        Budget(long fileBytes, String what) {
            this.max = Math.min(KerasWeights.MAX_FLOATS, fileBytes * 4 + (1 << 20));
            this.what = what;
        }

        void take(long floats) throws NnlException {
            used += floats;
            if (used > max) {
                throw new NnlException(what + ": its datasets hold more values (" + used + ") than a file of its size can "
                        + "(a damaged or hostile file)", false);
            }
        }
    }

    private static KerasWeights.Array array(Dataset d, String name, Budget budget) throws NnlException {
        int[] dims = d.getDimensions();
        long[] shape = new long[dims.length];
        for (int i = 0; i < dims.length; i++) {
            shape[i] = dims[i];
        }
        long n = KerasWeights.count(shape, name);
        budget.take(n);
        Object flat = d.isScalar() ? d.getData() : d.getDataFlat();
        float[] out = new float[(int) n];
        if (flat instanceof float[] f && f.length == n) {
            System.arraycopy(f, 0, out, 0, f.length);
        } else if (flat instanceof double[] f && f.length == n) {
            for (int i = 0; i < f.length; i++) {
                out[i] = (float) f[i];
            }
        } else if (flat instanceof Float f && n == 1) {
            out[0] = f;
        } else {
            throw new NnlException("weight `" + name + "` is not a float32 or float64 array of " + n + " values", false);
        }
        return new KerasWeights.Array(name, shape, out);
    }

    private static List<String> strings(Attribute a, String what) throws NnlException {
        List<String> out = new ArrayList<>();
        if (a == null) {
            return out;
        }
        Object d = a.isEmpty() ? null : a.getData();
        if (d == null) {
            return out; // h5py writes an empty list (a layer without weights) as an empty attribute
        }
        if (d instanceof String[] s) {
            for (String x : s) {
                out.add(x);
            }
        } else if (d instanceof Object[] arr) {
            for (Object x : arr) {
                out.add(text(x));
            }
        } else {
            out.add(text(d));
        }
        return out;
    }

    private static String text(Object o) {
        if (o instanceof byte[] b) {
            return new String(b, StandardCharsets.UTF_8);
        }
        if (o instanceof String[] s && s.length == 1) {
            return s[0];
        }
        return String.valueOf(o);
    }

    private static NnlException damaged(String what, Throwable e) {
        String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (why.length() > 200) {
            why = why.substring(0, 200) + "...";
        }
        return new NnlException(what + ": a damaged or truncated HDF5 file (" + why + ")", false);
    }
}
