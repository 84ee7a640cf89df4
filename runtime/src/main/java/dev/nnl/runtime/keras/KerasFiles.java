package dev.nnl.runtime.keras;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.nnl.compiler.source.RegularFiles;
import dev.nnl.runtime.NnlException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Which kind of Keras file a path is, and its config and weights, whatever the kind. */
public final class KerasFiles {
    /**
     * A model config and its weights (null when the file has none).
     *
     * @param legacy written by TF.js or Keras 2, whose hard_sigmoid is clip(0.2x + 0.5), not Keras 3's
     */
    public record Read(JsonObject config, KerasWeights weights, boolean legacy) {
    }

    private static final byte[] HDF5 = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};

    private KerasFiles() {
    }

    /**
     * A TF.js {@code model.json}, a Keras JSON config, a Keras 3 {@code .keras} zip or a Keras 2
     * {@code .h5}, told apart by their content.
     */
    public static Read read(Path src) throws NnlException {
        String what = src.toString();
        byte[] bytes;
        try {
            bytes = RegularFiles.readAllBytes(src, KerasZip.MAX_WEIGHTS + (64L << 20));
        } catch (NoSuchFileException e) {
            throw new NnlException(what + ": no such file", true);
        } catch (IOException e) {
            throw new NnlException(what + ": cannot read: " + e.getMessage(), true);
        }
        if (startsWith(bytes, HDF5)) {
            return KerasH5.read(src, bytes);
        }
        if (startsWith(bytes, new byte[] {'P', 'K', 3, 4})) {
            return KerasZip.read(src, bytes);
        }
        String name = src.getFileName() == null ? "" : src.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        if (name.endsWith(".h5") || name.endsWith(".hdf5")) {
            throw new NnlException(what + ": not an HDF5 file (it does not start with the HDF5 signature); "
                    + "a Keras 2 .h5 model is saved by model.save(\"model.h5\")", false);
        }
        if (name.endsWith(".keras")) {
            throw new NnlException(what + ": not a .keras file (it is not a zip archive); "
                    + "a Keras 3 model is saved by model.save(\"model.keras\")", false);
        }
        JsonElement e = KerasModel.parseJson(new String(bytes, StandardCharsets.UTF_8), what);
        if (!(e instanceof JsonObject o)) {
            throw new NnlException(what + ": not a Keras model file (expected a JSON object)", false);
        }
        if (o.has("modelTopology")) {
            Path dir = src.toAbsolutePath().getParent();
            return new Read(TfjsFiles.topology(o, what), TfjsFiles.weights(o, dir, what), true);
        }
        String version = KerasModel.str(o, "keras_version");
        return new Read(o, null, version != null && (version.startsWith("2.") || version.startsWith("tfjs")));
    }

    static boolean startsWith(byte[] b, byte[] prefix) {
        if (b.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (b[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
