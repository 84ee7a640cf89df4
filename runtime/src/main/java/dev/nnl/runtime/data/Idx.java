package dev.nnl.runtime.data;

import java.io.ByteArrayOutputStream;
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
        Array images = read(imagesFile);
        if (images.dims.length < 2) {
            throw DataException.input(imagesFile + ": expected an IDX image file (3 dimensions), found " + images.dims.length);
        }
        long[] sampleShape = new long[images.dims.length - 1];
        for (int i = 1; i < images.dims.length; i++) {
            sampleShape[i - 1] = images.dims[i];
        }
        int n = images.dims[0];
        float[] x = new float[images.data.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) ((images.data[i] & 0xff) * scale);
        }
        float[] y = null;
        if (labelsFile != null) {
            Array labels = read(labelsFile);
            if (labels.dims.length != 1 || labels.dims[0] != n) {
                throw DataException.input(labelsFile + ": expected " + n + " labels (one per image in " + imagesFile.getFileName()
                        + "), found " + (labels.dims.length == 1 ? labels.dims[0] + "" : "an array of " + labels.dims.length + " dimensions"));
            }
            y = new float[n];
            for (int i = 0; i < n; i++) {
                y[i] = labels.data[i] & 0xff;
            }
        }
        return new Dataset(List.of(x), List.of(sampleShape), y, new long[0], n);
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

    private record Array(int[] dims, byte[] data) {
    }

    private static Array read(Path file) throws DataException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
            if (bytes.length >= 2 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b) {
                bytes = gunzip(bytes);
            }
        } catch (NoSuchFileException e) {
            throw DataException.io(file + ": no such file");
        } catch (IOException e) {
            throw DataException.io(file + ": cannot read (" + e.getMessage() + ")");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        if (bytes.length < 4 || bytes[0] != 0 || bytes[1] != 0) {
            throw DataException.input(file + ": not an IDX file (it must start with two zero bytes)");
        }
        int type = bytes[2] & 0xff;
        int rank = bytes[3] & 0xff;
        if (type != 0x08) {
            throw DataException.input(file + ": IDX element type 0x" + Integer.toHexString(type) + " is not supported (expected unsigned bytes, 0x08)");
        }
        if (rank == 0 || bytes.length < 4 + 4 * rank) {
            throw DataException.input(file + ": truncated IDX header");
        }
        b.position(4);
        int[] dims = new int[rank];
        long total = 1;
        for (int i = 0; i < rank; i++) {
            dims[i] = b.getInt();
            total *= dims[i];
        }
        long have = bytes.length - 4L - 4L * rank;
        if (dims[0] <= 0 || total != have) {
            throw DataException.input(file + ": the header promises " + total + " values but the file holds " + have + " (truncated or corrupt)");
        }
        byte[] data = new byte[(int) total];
        b.get(data);
        return new Array(dims, data);
    }

    private static byte[] gunzip(byte[] bytes) throws IOException {
        try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(bytes))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length * 4);
            in.transferTo(out);
            return out.toByteArray();
        } catch (java.util.zip.ZipException | java.io.EOFException e) {
            throw new IOException("corrupt gzip data: " + e.getMessage(), e);
        }
    }
}
