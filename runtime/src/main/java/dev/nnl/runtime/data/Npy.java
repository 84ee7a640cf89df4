package dev.nnl.runtime.data;

import dev.nnl.compiler.source.RegularFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * NumPy .npy files (format 1.0–3.0): C-ordered arrays of float32/64, int8–64, uint8/16, bool.
 * The header is validated in full (magic, version, length, keys, dtype, shape) and the shape's
 * size checked against the file's before any array is allocated, so a crafted header ends in a
 * message, never in a huge allocation or a misread array.
 *
 * <p>{@link #write} writes the one kind nnl produces (format 1.0, little-endian float32, C order),
 * with its header built by the same {@link NpyHeader} the reader parses.
 */
public final class Npy {
    /** NumPy writes headers of a few hundred bytes; this leaves room for any shape nnl can hold. */
    static final int MAX_HEADER = 1 << 16;
    private static final Pattern DESCR = Pattern.compile("([<>|=]?)([a-z])(\\d+)");

    private Npy() {
    }

    /** An array: shape (first axis = samples) and values as floats. */
    public record Array(long[] shape, float[] values) {
        public int rows() {
            return shape.length == 0 ? 1 : (int) shape[0];
        }

        public long[] sampleShape() {
            return shape.length == 0 ? new long[0] : Arrays.copyOfRange(shape, 1, shape.length);
        }
    }

    /** The element types nnl reads, by their NumPy kind and width ({@code f4}, {@code u1}, …). */
    private enum Type {
        F4(4), F8(8), I1(1), U1(1), B1(1), I2(2), U2(2), I4(4), I8(8);

        final int width;

        Type(int width) {
            this.width = width;
        }

        float get(ByteBuffer b, int at) {
            return switch (this) {
                case F4 -> b.getFloat(at);
                case F8 -> (float) b.getDouble(at);
                case I1 -> b.get(at);
                case U1, B1 -> b.get(at) & 0xff;
                case I2 -> b.getShort(at);
                case U2 -> b.getShort(at) & 0xffff;
                case I4 -> b.getInt(at);
                case I8 -> b.getLong(at);
            };
        }
    }

    /** The preamble: the magic, version 1.0 and the header's length, which the header pads to a multiple of {@link #ALIGN}. */
    private static final int PREAMBLE = 10;
    /** NumPy pads the header so the data starts at a multiple of 64 bytes, aligned for any dtype. */
    private static final int ALIGN = 64;

    /**
     * Writes {@code values} as a .npy file of {@code shape} (C order): format 1.0, dtype
     * {@code <f4}, which {@code numpy.load} and {@link #read} read back bit for bit.
     *
     * @throws IllegalArgumentException when the shape does not hold exactly {@code values.length} values
     */
    public static void write(OutputStream out, long[] shape, float[] values) throws IOException {
        long count = 1;
        for (long d : shape) {
            count *= d;
        }
        if (count != values.length) {
            throw new IllegalArgumentException("shape " + shapeText(shape) + " holds " + count + " values, not " + values.length);
        }
        String dict = new NpyHeader("<f4", false, shape.clone()).text();
        int padded = (PREAMBLE + dict.length() + 1 + ALIGN - 1) / ALIGN * ALIGN - PREAMBLE;
        ByteBuffer head = ByteBuffer.allocate(PREAMBLE + padded).order(ByteOrder.LITTLE_ENDIAN);
        head.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0).putShort((short) padded);
        head.put((dict + " ".repeat(padded - dict.length() - 1) + "\n").getBytes(StandardCharsets.US_ASCII));
        out.write(head.array());
        ByteBuffer block = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        for (int done = 0; done < values.length; ) {
            int n = Math.min(values.length - done, block.capacity() / Float.BYTES);
            block.clear();
            block.asFloatBuffer().put(values, done, n);
            out.write(block.array(), 0, n * Float.BYTES);
            done += n;
        }
    }

    public static Array read(Path file) throws DataException {
        try (FileChannel ch = RegularFiles.newReadChannel(file)) {
            return read(file, ch);
        } catch (NoSuchFileException e) {
            throw MissingFile.error(file, "");
        } catch (IOException e) {
            throw DataException.io(file + ": cannot read (" + e.getMessage() + ")");
        }
    }

    private static Array read(Path file, FileChannel ch) throws IOException, DataException {
        long size = ch.size();
        ByteBuffer pre = readFully(ch, (int) Math.min(size, 12)).order(ByteOrder.LITTLE_ENDIAN);
        if (pre.limit() < 10 || (pre.get(0) & 0xff) != 0x93
                || !new String(pre.array(), 1, 5, StandardCharsets.ISO_8859_1).equals("NUMPY")) {
            throw DataException.input(file + ": not a .npy file (missing the \\x93NUMPY magic)");
        }
        int major = pre.get(6) & 0xff;
        int minor = pre.get(7) & 0xff;
        if (major < 1 || major > 3 || minor != 0) {
            throw DataException.input(file + ": .npy format version " + major + "." + minor + " is not supported (nnl reads 1.0, 2.0 and 3.0)");
        }
        int start = major == 1 ? 10 : 12;
        if (pre.limit() < start) {
            throw DataException.input(file + ": truncated .npy header");
        }
        long headerLen = major == 1 ? Short.toUnsignedInt(pre.getShort(8)) : Integer.toUnsignedLong(pre.getInt(8));
        if (headerLen > MAX_HEADER) {
            throw DataException.input(file + ": the .npy header claims " + headerLen + " bytes, more than the " + MAX_HEADER
                    + " a header of an array nnl reads needs (corrupt file?)");
        }
        if (start + headerLen > size) {
            throw DataException.input(file + ": truncated .npy header (it claims " + headerLen + " bytes, the file has "
                    + (size - start) + " after the preamble)");
        }
        ch.position(start);
        NpyHeader header = header(file, readFully(ch, (int) headerLen), major);
        Type type = type(file, header.descr());
        ByteOrder order = header.descr().startsWith(">") ? ByteOrder.BIG_ENDIAN
                : header.descr().startsWith("=") ? ByteOrder.nativeOrder() : ByteOrder.LITTLE_ENDIAN;
        if (header.fortranOrder()) {
            throw DataException.input(file + ": Fortran-ordered arrays are not supported; save with np.ascontiguousarray");
        }
        long[] shape = header.shape();
        long count = count(file, shape);
        long dataBytes = size - start - headerLen;
        if (count * type.width != dataBytes) {
            throw DataException.input(file + ": the header promises " + count + " values of " + type.width + " bytes but the file has "
                    + dataBytes + " data bytes (truncated or corrupt)");
        }
        ArrayLimits.check(file, count);
        return new Array(shape, finite(file, shape, values(ch, type, order, (int) count)));
    }

    /** As for numbers in CSV ({@link Numbers}): a NaN or an infinity would poison the loss or the predictions. */
    private static float[] finite(Path file, long[] shape, float[] values) throws DataException {
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                long perRow = shape.length == 0 || shape[0] == 0 ? 1 : values.length / shape[0];
                throw DataException.input(file + ": row " + (i / perRow) + " (0-based) holds " + (Float.isNaN(values[i]) ? "NaN"
                        : "an infinity (or a number too large for float32)") + "; the data must be finite numbers");
            }
        }
        return values;
    }

    /** The header text: ASCII up to version 2, UTF-8 in version 3 (NumPy's rule). */
    private static NpyHeader header(Path file, ByteBuffer bytes, int major) throws DataException {
        Charset charset = major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.US_ASCII;
        String text;
        try {
            text = charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes).toString();
        } catch (CharacterCodingException e) {
            throw DataException.input(file + ": the .npy header is not " + (major == 3 ? "UTF-8" : "ASCII") + " text (corrupt file?)");
        }
        try {
            return NpyHeader.parse(text);
        } catch (NpyHeader.Invalid e) {
            // DataException shows control characters in it as '?'.
            String shown = text.strip();
            throw DataException.input(file + ": unreadable .npy header: " + e.getMessage()
                    + (shown.length() <= 200 ? " (" + shown + ")" : ""));
        }
    }

    private static Type type(Path file, String descr) throws DataException {
        Matcher m = DESCR.matcher(descr);
        if (m.matches()) {
            String name = (m.group(2) + m.group(3)).toUpperCase(java.util.Locale.ROOT);
            for (Type t : Type.values()) {
                if (t.name().equals(name)) {
                    return t;
                }
            }
        }
        throw DataException.input(file + ": dtype '" + descr + "' is not supported (nnl reads float32, float64, int8, int16, int32, int64, "
                + "uint8, uint16 and bool)");
    }

    /** The number of values the shape holds; every size and the product must fit one array. */
    private static long count(Path file, long[] shape) throws DataException {
        long count = 1;
        for (long d : shape) {
            if (d > ArrayLimits.MAX_VALUES || count > 0 && d > 0 && count > ArrayLimits.MAX_VALUES / d) {
                throw DataException.input(file + ": the shape " + shapeText(shape) + " holds more values than nnl can hold in one array ("
                        + ArrayLimits.MAX_VALUES + ")");
            }
            count *= d;
        }
        return count;
    }

    private static String shapeText(long[] shape) {
        return Arrays.toString(shape).replace('[', '(').replace(']', ')');
    }

    private static float[] values(FileChannel ch, Type type, ByteOrder order, int count) throws IOException {
        float[] values = new float[count];
        // 64 KiB, a multiple of every width: no value straddles two blocks.
        ByteBuffer block = ByteBuffer.allocate(1 << 16).order(order);
        int done = 0;
        while (done < count) {
            int n = (int) Math.min(count - done, block.capacity() / type.width);
            block.clear().limit(n * type.width);
            fill(ch, block);
            for (int i = 0; i < n; i++) {
                values[done + i] = type.get(block, i * type.width);
            }
            done += n;
        }
        return values;
    }

    private static ByteBuffer readFully(FileChannel ch, int n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n);
        fill(ch, b);
        return b.flip();
    }

    private static void fill(FileChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            if (ch.read(b) < 0) {
                throw new java.io.EOFException("the file ended early (it changed while being read?)");
            }
        }
    }
}
