package dev.nnl.runtime.data;

import dev.nnl.compiler.source.RegularFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** NumPy .npy files (format 1.0–3.0): C-ordered arrays of float32/64, int8–64, uint8, bool. */
public final class Npy {
    private static final Pattern DESCR = Pattern.compile("'descr':\\s*'([<>|=])([a-z])(\\d+)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order':\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");

    private Npy() {
    }

    /** An array: shape (first axis = samples) and values as floats. */
    public record Array(long[] shape, float[] values) {
        public int rows() {
            return shape.length == 0 ? 1 : (int) shape[0];
        }

        public long[] sampleShape() {
            return shape.length == 0 ? new long[0] : java.util.Arrays.copyOfRange(shape, 1, shape.length);
        }
    }

    public static Array read(Path file) throws DataException {
        byte[] bytes;
        try {
            bytes = RegularFiles.readAllBytes(file, Integer.MAX_VALUE);
        } catch (NoSuchFileException e) {
            throw DataException.io(file + ": no such file");
        } catch (IOException e) {
            throw DataException.io(file + ": cannot read (" + e.getMessage() + ")");
        }
        if (bytes.length < 10 || (bytes[0] & 0xff) != 0x93 || !new String(bytes, 1, 5, StandardCharsets.ISO_8859_1).equals("NUMPY")) {
            throw DataException.input(file + ": not a .npy file (missing the \\x93NUMPY magic)");
        }
        int major = bytes[6];
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int headerLen = major == 1 ? Short.toUnsignedInt(b.getShort(8)) : b.getInt(8);
        int start = major == 1 ? 10 : 12;
        if (start + headerLen > bytes.length) {
            throw DataException.input(file + ": truncated .npy header");
        }
        String header = new String(bytes, start, headerLen, StandardCharsets.ISO_8859_1);
        Matcher d = DESCR.matcher(header);
        Matcher f = FORTRAN.matcher(header);
        Matcher s = SHAPE.matcher(header);
        if (!d.find() || !f.find() || !s.find()) {
            throw DataException.input(file + ": unreadable .npy header: " + header.trim());
        }
        if (f.group(1).equals("True")) {
            throw DataException.input(file + ": Fortran-ordered arrays are not supported; save with np.ascontiguousarray");
        }
        List<Long> dims = new ArrayList<>();
        for (String part : s.group(1).split(",")) {
            if (!part.isBlank()) {
                dims.add(Long.parseLong(part.trim()));
            }
        }
        long[] shape = dims.stream().mapToLong(Long::longValue).toArray();
        long count = 1;
        for (long x : shape) {
            count *= x;
        }
        char kind = d.group(2).charAt(0);
        int width = Integer.parseInt(d.group(3));
        ByteOrder order = d.group(1).equals(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        int dataStart = start + headerLen;
        if ((long) dataStart + count * width != bytes.length) {
            throw DataException.input(file + ": the header promises " + count + " values of " + width + " bytes but the file has "
                    + (bytes.length - dataStart) + " data bytes (truncated or corrupt)");
        }
        ByteBuffer data = ByteBuffer.wrap(bytes, dataStart, bytes.length - dataStart).slice().order(order);
        float[] values = new float[(int) count];
        for (int i = 0; i < values.length; i++) {
            values[i] = switch (kind + "" + width) {
                case "f4" -> data.getFloat(i * 4);
                case "f8" -> (float) data.getDouble(i * 8);
                case "i1" -> data.get(i);
                case "u1", "b1" -> data.get(i) & 0xff;
                case "i2" -> data.getShort(i * 2);
                case "u2" -> data.getShort(i * 2) & 0xffff;
                case "i4" -> data.getInt(i * 4);
                case "i8" -> data.getLong(i * 8);
                default -> throw DataException.input(file + ": dtype '" + d.group(0) + "' is not supported");
            };
        }
        return new Array(shape, values);
    }
}
