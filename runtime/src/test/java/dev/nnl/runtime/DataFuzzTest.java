package dev.nnl.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.fail;

import dev.nnl.runtime.data.Csv;
import dev.nnl.runtime.data.DataException;
import dev.nnl.runtime.data.Dataset;
import dev.nnl.runtime.data.Idx;
import dev.nnl.runtime.data.Npy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Property: whatever the bytes, the NPY, IDX and CSV readers end in a {@link DataException} with a
 * message or in a consistent result, within a few seconds, and never allocate what a header
 * merely claims. Inputs are random bytes and mutations of valid files (byte flips, truncation,
 * insertion, and sizes in the header replaced by extreme ones). Seeds are random per run; a
 * failure prints its seed and the shrunk input.
 */
class DataFuzzTest {
    private static final Duration LIMIT = Duration.ofSeconds(5);
    private static Path dir;

    // ---- NPY ----

    @Property(tries = 300)
    void npyRandomBytes(@ForAll("npyNoise") byte[] bytes) {
        npy(bytes);
    }

    @Property(tries = 400)
    void npyMutations(@ForAll("npyMutants") byte[] bytes) {
        npy(bytes);
    }

    @Provide
    Arbitrary<byte[]> npyNoise() {
        // Half start with the magic, so the header parser is reached.
        Arbitrary<byte[]> tail = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
        return Combinators.combine(Arbitraries.of(true, false), tail, Arbitraries.integers().between(1, 3))
                .as((magic, t, version) -> magic ? concat(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', version.byteValue(), 0}, t)
                        : t);
    }

    @Provide
    Arbitrary<byte[]> npyMutants() {
        List<byte[]> valid = List.of(
                DataErrorsTest.npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", new byte[24]),
                DataErrorsTest.npy(2, "{'descr': '|u1', 'fortran_order': False, 'shape': (4,), }", new byte[] {1, 2, 3, 4}),
                DataErrorsTest.npy(3, "{'descr': '>i8', 'fortran_order': False, 'shape': (), }", new byte[8]),
                DataErrorsTest.npy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (1L, 2L), }", new byte[16]));
        return mutants(valid, List.of("4294967295", "-1", "9999999999999999999", "0", "(", ")", "'", ",", "L", "True", "''", "{", "}"));
    }

    private static void npy(byte[] bytes) {
        Path f = write("x.npy", bytes);
        Npy.Array a = readOrRefuse(() -> Npy.read(f));
        if (a != null) {
            assertEquals(Arrays.stream(a.shape()).reduce(1, Math::multiplyExact), a.values().length, "values match the shape");
        }
    }

    // ---- IDX ----

    @Property(tries = 300)
    void idxRandomBytes(@ForAll("idxNoise") byte[] bytes, @ForAll boolean gzip) {
        idx(gzip ? gzip(bytes) : bytes);
    }

    @Property(tries = 400)
    void idxMutations(@ForAll("idxMutants") byte[] bytes, @ForAll boolean gzip, @ForAll boolean gzipThenMutate) {
        idx(gzip && !gzipThenMutate ? gzip(bytes) : bytes);
    }

    @Provide
    Arbitrary<byte[]> idxNoise() {
        Arbitrary<byte[]> tail = Arbitraries.bytes().array(byte[].class).ofMaxSize(200);
        return Combinators.combine(Arbitraries.of(true, false), tail, Arbitraries.integers().between(0, 5))
                .as((header, t, rank) -> header ? concat(new byte[] {0, 0, 8, (byte) rank.intValue()}, t) : t);
    }

    @Provide
    Arbitrary<byte[]> idxMutants() {
        byte[] images = concat(new byte[] {0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 2}, new byte[12]);
        byte[] labels = {0, 0, 8, 1, 0, 0, 0, 3, 1, 2, 3};
        return mutants(List.of(images, labels, gzip(images)), List.of());
    }

    private static void idx(byte[] bytes) {
        Path f = write("images-idx3-ubyte", bytes);
        Dataset d = readOrRefuse(() -> Idx.load(f, null, 1 / 255.0));
        if (d != null) {
            assertEquals((long) d.size() * d.perSample(0), d.features().get(0).length, "values match the dims");
        }
    }

    // ---- CSV ----

    @Property(tries = 400)
    void csvRandomText(@ForAll("csvText") String text, @ForAll boolean header, @ForAll boolean labelled,
                       @ForAll @IntRange(max = 2) int window, @ForAll boolean standardize) {
        csv(text.getBytes(StandardCharsets.UTF_8), header, labelled, window, standardize);
    }

    @Property(tries = 300)
    void csvMutations(@ForAll("csvMutants") byte[] bytes, @ForAll boolean header, @ForAll boolean labelled,
                      @ForAll @IntRange(max = 2) int window, @ForAll boolean standardize) {
        csv(bytes, header, labelled, window, standardize);
    }

    @Provide
    Arbitrary<String> csvText() {
        return Arbitraries.strings().withChars("0123456789,.-+eE \t\n\r\"';abcxyzNaIinfty\u00e9\u0000").ofMaxLength(200);
    }

    @Provide
    Arbitrary<byte[]> csvMutants() {
        byte[] iris = "sepal_length,sepal_width,species\n5.1,3.5,setosa\n6.7,3.0,virginica\n4.9,3.0,setosa\n"
                .getBytes(StandardCharsets.UTF_8);
        byte[] numbers = "a,b,label\n1,2,0\n3,4,1\n-1e3,0.5,1\n".getBytes(StandardCharsets.UTF_8);
        return mutants(List.of(iris, numbers), List.of(",", "\n", "\"", "NaN", "1e400", "-", "", ",,", "\r\n"));
    }

    private static void csv(byte[] bytes, boolean header, boolean labelled, int window, boolean standardize) {
        Path f = write("t.csv", bytes);
        readOrRefuse(() -> Csv.load(f, null, header, 1, window, ",", standardize, null, labelled));
    }

    // ---- shared ----

    /** The reader's result, or null when it refused with a DataException that has a message. */
    private static <T> T readOrRefuse(Read<T> read) {
        return assertTimeoutPreemptively(LIMIT, () -> {
            try {
                return read.run();
            } catch (DataException e) {
                assertFalse(e.getMessage() == null || e.getMessage().isBlank(), "a refusal says why");
                return null;
            } catch (Throwable t) {
                return fail("not a DataException: " + t, t);
            }
        });
    }

    private interface Read<T> {
        T run() throws DataException;
    }

    /** Valid files changed by 1–4 mutations: flip, overwrite with a token, insert a token or bytes, truncate. */
    private static Arbitrary<byte[]> mutants(List<byte[]> valid, List<String> tokens) {
        Arbitrary<Mutation> flip = Combinators.combine(Arbitraries.doubles().between(0, 1), Arbitraries.bytes())
                .as((at, b) -> bytes -> {
                    if (bytes.length == 0) {
                        return bytes;
                    }
                    byte[] c = bytes.clone();
                    c[(int) (at * (c.length - 1))] = b;
                    return c;
                });
        Arbitrary<Mutation> truncate = Arbitraries.doubles().between(0, 1)
                .map(at -> bytes -> Arrays.copyOf(bytes, (int) (at * bytes.length)));
        Arbitrary<byte[]> pieces = tokens.isEmpty() ? Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(8)
                : Arbitraries.oneOf(Arbitraries.of(tokens).map(t -> t.getBytes(StandardCharsets.UTF_8)),
                        Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(8));
        Arbitrary<Mutation> insert = Combinators.combine(Arbitraries.doubles().between(0, 1), pieces, Arbitraries.of(true, false))
                .as((at, piece, replace) -> bytes -> {
                    int i = (int) (at * bytes.length);
                    int end = replace ? Math.min(bytes.length, i + piece.length) : i;
                    return concat(concat(Arrays.copyOf(bytes, i), piece), Arrays.copyOfRange(bytes, end, bytes.length));
                });
        Arbitrary<Mutation> sizes = Combinators.combine(Arbitraries.integers().between(0, 3), Arbitraries.of(0x7f, 0xff, 0x80, 0))
                .as((word, fill) -> bytes -> {
                    // A whole 4-byte word of the header set to an extreme: IDX sizes, NPY lengths.
                    byte[] c = bytes.clone();
                    for (int k = 0; k < 4 && 4 + 4 * word + k < c.length; k++) {
                        c[4 + 4 * word + k] = (byte) (k == 0 ? fill : fill == 0x7f ? 0xff : fill);
                    }
                    return c;
                });
        Arbitrary<Mutation> any = Arbitraries.oneOf(flip, truncate, insert, sizes);
        return Combinators.combine(Arbitraries.of(valid), any.list().ofMinSize(1).ofMaxSize(4)).as((file, mutations) -> {
            byte[] b = file;
            for (Mutation m : mutations) {
                b = m.apply(b);
            }
            return b;
        });
    }

    private interface Mutation {
        byte[] apply(byte[] bytes);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    private static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static synchronized Path write(String name, byte[] bytes) {
        try {
            if (dir == null) {
                dir = Files.createTempDirectory("nnl-fuzz");
            }
            Path f = dir.resolve(name);
            Files.write(f, bytes);
            return f;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterContainer
    static void cleanUp() throws IOException {
        if (dir != null) {
            try (var files = Files.list(dir)) {
                for (Path p : files.toList()) {
                    Files.delete(p);
                }
            }
            Files.delete(dir);
        }
    }
}
