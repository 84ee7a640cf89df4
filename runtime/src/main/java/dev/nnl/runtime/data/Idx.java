package dev.nnl.runtime.data;

import dev.nnl.compiler.source.RegularFiles;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * IDX files (the MNIST format), plain or gzipped: unsigned-byte images and labels. A directory
 * holds train-* files for training and t10k-* files for evaluation, as MNIST and Fashion-MNIST
 * ship.
 */
public final class Idx {
    /** The most bytes deflate can expand one compressed byte into. */
    private static final long MAX_DEFLATE_RATIO = 1032;

    private Idx() {
    }

    /** Reads a directory's train or test split. */
    public static Dataset loadSplit(Path dir, boolean train, double scale) throws DataException {
        String prefix = train ? "train" : "t10k";
        Path images = find(dir, prefix + "-images-idx3-ubyte");
        Path labels = find(dir, prefix + "-labels-idx1-ubyte");
        return load(images, labels, scale);
    }

    public static Dataset load(Path imagesFile, Path labelsFile, double scale) throws DataException {
        Array images = read(imagesFile, scale);
        if (images.dims.length < 2) {
            throw DataException.input(imagesFile + ": expected an IDX image file (3 dimensions), found " + images.dims.length);
        }
        long[] sampleShape = new long[images.dims.length - 1];
        for (int i = 1; i < images.dims.length; i++) {
            sampleShape[i - 1] = images.dims[i];
        }
        int n = (int) images.dims[0];
        float[] y = null;
        if (labelsFile != null) {
            Array labels = read(labelsFile, 1);
            if (labels.dims.length != 1 || labels.dims[0] != n) {
                throw DataException.input(labelsFile + ": expected " + n + " labels (one per image in " + imagesFile.getFileName()
                        + "), found " + (labels.dims.length == 1 ? labels.dims[0] + "" : "an array of " + labels.dims.length + " dimensions"));
            }
            y = labels.data;
        }
        return new Dataset(List.of(images.data), List.of(sampleShape), y, new long[0], n);
    }

    private static Path find(Path dir, String base) throws DataException {
        for (String name : List.of(base + ".gz", base, base.replace("-idx", ".idx") + ".gz", base.replace("-idx", ".idx"))) {
            Path p = dir.resolve(name);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw DataException.io(dir + ": no " + base + "[.gz] file (an MNIST-style directory holds train-images-idx3-ubyte.gz, "
                + "train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz and t10k-labels-idx1-ubyte.gz)");
    }

    private record Array(long[] dims, float[] data) {
    }

    /**
     * Reads an IDX file of unsigned bytes (gzipped or not) straight into floats times
     * {@code scale}, a block at a time: holding the whole file as bytes on the way (and a gunzip
     * buffer) took the heap's peak, and so the process's, to twice the data.
     */
    private static Array read(Path file, double scale) throws DataException {
        try (InputStream raw = new BufferedInputStream(RegularFiles.newInputStream(file), 1 << 16)) {
            raw.mark(2);
            boolean gz = raw.read() == 0x1f && raw.read() == 0x8b;
            raw.reset();
            try (DataInputStream in = new DataInputStream(gz ? new GZIPInputStream(raw, 1 << 16) : raw)) {
                return read(file, in, scale, Files.size(file), gz);
            }
        } catch (NoSuchFileException e) {
            throw MissingFile.error(file, "");
        } catch (java.util.zip.ZipException | java.io.EOFException e) {
            throw DataException.io(file + ": cannot read (corrupt gzip data: " + e.getMessage() + ")");
        } catch (IOException e) {
            throw DataException.io(file + ": cannot read (" + e.getMessage() + ")");
        }
    }

    private static Array read(Path file, DataInputStream in, double scale, long fileSize, boolean gz) throws IOException, DataException {
        byte[] header = new byte[4];
        int got = in.readNBytes(header, 0, 4);
        if (got < 4 || header[0] != 0 || header[1] != 0) {
            throw DataException.input(file + ": not an IDX file (it must start with two zero bytes)");
        }
        int type = header[2] & 0xff;
        int rank = header[3] & 0xff;
        if (type != 0x08) {
            throw DataException.input(file + ": IDX element type 0x" + Integer.toHexString(type) + " is not supported (expected unsigned bytes, 0x08)");
        }
        byte[] dimBytes = new byte[4 * rank];
        if (rank == 0 || in.readNBytes(dimBytes, 0, dimBytes.length) < dimBytes.length) {
            throw DataException.input(file + ": truncated IDX header");
        }
        // The format's sizes are unsigned 32-bit big-endian integers.
        ByteBuffer b = ByteBuffer.wrap(dimBytes);
        long[] dims = new long[rank];
        for (int i = 0; i < rank; i++) {
            dims[i] = Integer.toUnsignedLong(b.getInt());
        }
        long total = total(file, dims);
        long headerBytes = 4 + dimBytes.length;
        if (!gz && headerBytes + total != fileSize) {
            throw DataException.input(file + ": the header promises " + total + " values but the file holds " + (fileSize - headerBytes)
                    + " (truncated or corrupt)");
        }
        ArrayLimits.check(file, total);
        // A gzipped header's size is only a claim, but deflate cannot expand one compressed byte
        // into more than 1032: allocating the claim up to that bound costs a hostile file little
        // and lets a real one be read into its final array at once. Growing by doubling instead
        // held the old and the new array together on the last copy: 145 MiB more peak memory
        // for Fashion-MNIST's training images.
        float[] data = new float[(int) (gz ? Math.min(total, Math.max(1 << 20, MAX_DEFLATE_RATIO * fileSize)) : total)];
        byte[] block = new byte[1 << 16];
        int filled = 0;
        while (filled < total) {
            int n = in.readNBytes(block, 0, (int) Math.min(block.length, total - filled));
            if (n == 0) {
                break;
            }
            if (filled + n > data.length) {
                // Only for a gzipped file larger than deflate allows (a concatenation of gzip
                // members): the array grows with what was really read, up to the claim.
                data = java.util.Arrays.copyOf(data, (int) Math.min(total, Math.max(filled + n, 2L * data.length)));
            }
            for (int i = 0; i < n; i++) {
                data[filled + i] = (float) ((block[i] & 0xff) * scale);
            }
            filled += n;
        }
        long have = filled;
        for (int n; (n = in.read(block)) >= 0;) {
            have += n;
        }
        if (have != total) {
            throw DataException.input(file + ": the header promises " + total + " values but the file holds " + have + " (truncated or corrupt)");
        }
        return new Array(dims, data);
    }

    /** The number of values the dims promise: each size and the product must fit one array. */
    private static long total(Path file, long[] dims) throws DataException {
        long total = 1;
        for (long d : dims) {
            if (d > ArrayLimits.MAX_VALUES || total > 0 && d > 0 && total > ArrayLimits.MAX_VALUES / d) {
                throw DataException.input(file + ": the header promises " + String.join(" × ", java.util.Arrays.stream(dims)
                        .mapToObj(Long::toString).toList()) + " values, more than nnl can hold in one array (" + ArrayLimits.MAX_VALUES + ")");
            }
            total *= d;
        }
        return total;
    }
}
