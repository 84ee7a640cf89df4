package dev.nnl.runtime.artifact;

import com.google.gson.JsonParseException;
import dev.nnl.compiler.source.RegularFiles;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Reads an {@code .nnlz} that may have been crafted to hurt: every entry is read through a
 * bounded stream, so a small file can never cost more memory than its model needs.
 *
 * <ul>
 * <li>at most {@link #MAX_ENTRIES} entries; entries nnl does not know are never decompressed;</li>
 * <li>{@code meta.json} at most {@link #MAX_META_BYTES}, the sources together at most
 * {@link #MAX_SOURCE_BYTES};</li>
 * <li>{@code weights.bin} exactly the floats the declared weight shapes hold, and each optimizer
 * or callback array exactly that many doubles (they are per-parameter buffers), at most
 * {@link #MAX_ARRAYS} of each. {@link #header} comes first, so a caller checks the declared shapes
 * against the model its source compiles to before {@link #readArrays} allocates anything.</li>
 * </ul>
 * A file that is not a zip, is truncated, fails a checksum or breaks a limit is "corrupt or
 * truncated" (exit 1); only a file that cannot be opened at all is an I/O error (exit 3).
 */
public final class ArtifactReader implements AutoCloseable {
    public static final int MAX_ENTRIES = 4096;
    public static final long MAX_META_BYTES = 16L << 20;
    /** The cap {@code nnlc} puts on a source file it reads (cli/src/main/java/dev/nnl/cli/Sources.java), for all of them together. */
    public static final long MAX_SOURCE_BYTES = 64L << 20;
    /** Optimizer state buffers (momentum, velocity, …) or callback arrays (best weights) an artifact may hold, each. */
    public static final int MAX_ARRAYS = 8;
    private static final int CHUNK = 1 << 16;

    private final Path file;
    private final ZipFile zip;

    private ArtifactReader(Path file, ZipFile zip) {
        this.file = file;
        this.zip = zip;
    }

    /** Opens the zip; refuses what is not a regular file (a FIFO would block) or has too many entries. */
    public static ArtifactReader open(Path file) throws ArtifactException {
        if (!Files.exists(file)) {
            throw new ArtifactException(file + ": no such file", true);
        }
        try {
            RegularFiles.requireRegular(file);
        } catch (RegularFiles.Refused e) {
            throw new ArtifactException(file + ": " + e.reason(), true);
        } catch (IOException e) {
            throw new ArtifactException(file + ": cannot read (" + e.getMessage() + ")", true);
        }
        ZipFile zip;
        try {
            zip = new ZipFile(file.toFile());
        } catch (ZipException e) {
            throw new ArtifactException(file + ": " + (startsLikeZip(file) ? "corrupt or truncated artifact (" + e.getMessage() + ")"
                    : notAModel(file)), false);
        } catch (AccessDeniedException e) {
            throw new ArtifactException(file + ": cannot read (permission denied)", true);
        } catch (IOException e) {
            throw new ArtifactException(file + ": cannot read (" + e.getMessage() + ")", true);
        }
        ArtifactReader r = new ArtifactReader(file, zip);
        int entries = zip.size();
        if (entries > MAX_ENTRIES) {
            r.close();
            throw corrupt(file, entries + " entries; an .nnlz has at most " + MAX_ENTRIES);
        }
        return r;
    }

    /** Whether the file starts as every zip does ("PK\\3\\4"): damaged if so, another kind of file if not. */
    private static boolean startsLikeZip(Path file) {
        byte[] start = new byte[4];
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(start, 0, 4) == 4 && start[0] == 'P' && start[1] == 'K' && start[2] == 3 && start[3] == 4;
        } catch (IOException e) {
            return false;
        }
    }

    /** Why a file that is not a zip is no model, and what to do instead. */
    private static String notAModel(Path file) {
        if (file.getFileName() != null && file.getFileName().toString().endsWith(".nnl")) {
            return "this is a model source; train it first (`nnlc train " + file + "`) or compile it (`nnlc compile " + file + "`)";
        }
        return "not an .nnlz model file (not a zip archive; `nnlc train` and `nnlc compile` write .nnlz files)";
    }

    /** The metadata, checked against the schema ({@link ArtifactSchema}), and the sources; no arrays yet. */
    public Artifact header() throws ArtifactException {
        ZipEntry metaEntry = zip.getEntry("meta.json");
        if (metaEntry == null) {
            throw new ArtifactException(file + ": not an .nnlz model file (no meta.json inside)", false);
        }
        Artifact a = new Artifact();
        try {
            a.meta = Artifact.GSON.fromJson(new String(readBytes(metaEntry, MAX_META_BYTES), StandardCharsets.UTF_8), Artifact.Meta.class);
        } catch (JsonParseException | IllegalStateException | IllegalArgumentException | ArithmeticException e) {
            // Gson reports a value of the wrong type or range as JsonParseException, and some
            // malformed documents as one of the others; all mean the same to the user.
            throw corrupt(file, "meta.json is not valid (" + e.getMessage() + ")");
        }
        long sourceBytes = 0;
        for (ZipEntry e : Collections.list(zip.entries())) {
            if (e.getName().startsWith("source/") && !e.isDirectory()) {
                byte[] text = readBytes(e, MAX_SOURCE_BYTES - sourceBytes);
                sourceBytes += text.length;
                a.sources.put(e.getName().substring("source/".length()), new String(text, StandardCharsets.UTF_8));
            }
        }
        ArtifactSchema.check(file, a);
        return a;
    }

    /** Weights, optimizer state and callback arrays, each exactly as large as the declared shapes say. */
    public void readArrays(Artifact a) throws ArtifactException {
        int params = (int) ArtifactSchema.parameterCount(a.meta);
        ByteBuffer w = readExact(entry("weights.bin", "weights"), (long) params * Float.BYTES);
        a.weights = new float[params];
        w.asFloatBuffer().get(a.weights);
        readDoubles(a.meta.optimizerState, "optimizer/", "optimizer state", params, a.optimizerState);
        readDoubles(a.meta.callbackArrays, "callback/", "callback state", params, a.callbackArrays);
    }

    private void readDoubles(List<String> keys, String folder, String what, int params, Map<String, double[]> into)
            throws ArtifactException {
        for (String key : keys) {
            ByteBuffer b = readExact(entry(folder + key + ".bin", what + " `" + key + "`"), (long) params * Double.BYTES);
            double[] d = new double[params];
            b.asDoubleBuffer().get(d);
            into.put(key, d);
        }
    }

    private ZipEntry entry(String name, String what) throws ArtifactException {
        ZipEntry e = zip.getEntry(name);
        if (e == null) {
            throw corrupt(file, what + " missing (no " + name + ")");
        }
        return e;
    }

    /** An entry of up to {@code max} bytes. */
    private byte[] readBytes(ZipEntry e, long max) throws ArtifactException {
        if (e.getSize() > max) {
            throw tooLarge(e, max);
        }
        try (InputStream in = zip.getInputStream(e)) {
            byte[] b = in.readNBytes((int) Math.min(max + 1, Integer.MAX_VALUE - 8));
            if (b.length > max) {
                throw tooLarge(e, max);
            }
            checkCrc(e, b);
            return b;
        } catch (IOException x) {
            throw unreadable(e, x);
        }
    }

    /** An entry of exactly {@code bytes} bytes, little-endian, filled chunk by chunk as it inflates. */
    private ByteBuffer readExact(ZipEntry e, long bytes) throws ArtifactException {
        if (e.getSize() >= 0 && e.getSize() != bytes) {
            throw corrupt(file, e.getName() + " holds " + e.getSize() + " bytes; the declared shapes need " + bytes);
        }
        ByteBuffer out = ByteBuffer.allocate((int) bytes).order(ByteOrder.LITTLE_ENDIAN);
        CRC32 crc = new CRC32();
        try (InputStream in = zip.getInputStream(e)) {
            byte[] chunk = new byte[CHUNK];
            while (out.hasRemaining()) {
                int n = in.read(chunk, 0, Math.min(CHUNK, out.remaining()));
                if (n < 0) {
                    throw corrupt(file, e.getName() + " ends after " + out.position() + " of " + bytes + " bytes");
                }
                out.put(chunk, 0, n);
                crc.update(chunk, 0, n);
            }
            if (in.read() >= 0) {
                throw corrupt(file, e.getName() + " holds more than the " + bytes + " bytes the declared shapes need");
            }
        } catch (IOException x) {
            throw unreadable(e, x);
        }
        if (e.getCrc() >= 0 && crc.getValue() != e.getCrc()) {
            throw corrupt(file, e.getName() + " fails its checksum");
        }
        return out.flip();
    }

    private void checkCrc(ZipEntry e, byte[] b) throws ArtifactException {
        CRC32 crc = new CRC32();
        crc.update(b);
        if (e.getCrc() >= 0 && crc.getValue() != e.getCrc()) {
            throw corrupt(file, e.getName() + " fails its checksum");
        }
    }

    private ArtifactException tooLarge(ZipEntry e, long max) {
        return corrupt(file, e.getName() + " is larger than " + max + " bytes");
    }

    /** Damage inside an opened zip (bad deflate data, a short entry) is corruption, not a failing disk. */
    private ArtifactException unreadable(ZipEntry e, IOException x) {
        if (x instanceof ZipException || x instanceof EOFException) {
            return corrupt(file, e.getName() + ": " + x.getMessage());
        }
        return new ArtifactException(file + ": cannot read " + e.getName() + " (" + x.getMessage() + ")", true);
    }

    static ArtifactException corrupt(Path file, String detail) {
        return new ArtifactException(file + ": corrupt or truncated artifact (" + detail + ")", false);
    }

    @Override
    public void close() {
        try {
            zip.close();
        } catch (IOException e) {
            // Closing a file opened for reading loses nothing.
        }
    }
}
