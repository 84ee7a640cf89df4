package dev.nnl.compiler.source;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * Every file nnl reads by name goes through here: sources, imports, artifacts and data. Only
 * regular files are read. Opening a FIFO blocks until someone writes to it (a check hung, and in
 * the language server one import stopped every document), and a device such as {@code /dev/zero}
 * never ends, so both are refused before they are opened. The methods mirror {@link Files}'
 * readers, so a caller changes only the call that opens the file.
 */
public final class RegularFiles {
    /** Larger sources are certainly not hand-written models; refusing them bounds memory. */
    public static final long MAX_SOURCE_BYTES = 64L * 1024 * 1024;

    private RegularFiles() {
    }

    /** A source file (a model or an import) of at most {@link #MAX_SOURCE_BYTES}. */
    public static byte[] readSource(Path file) throws IOException {
        return readAllBytes(file, MAX_SOURCE_BYTES);
    }

    /** The whole file, refused if it holds more than {@code maxBytes} (at most 2 GiB). */
    public static byte[] readAllBytes(Path file, long maxBytes) throws IOException {
        int limit = (int) Math.min(maxBytes, Integer.MAX_VALUE - 8);
        requireRegular(file);
        try (SeekableByteChannel channel = Files.newByteChannel(file)) {
            if (channel.size() > limit) {
                throw new Refused(file, "is larger than " + describe(limit));
            }
            // The size may grow between the look and the read: read one byte past the limit to know.
            byte[] bytes = Channels.newInputStream(channel).readNBytes(limit + 1);
            if (bytes.length > limit) {
                throw new Refused(file, "is larger than " + describe(limit));
            }
            return bytes;
        }
    }

    public static InputStream newInputStream(Path file) throws IOException {
        requireRegular(file);
        return Files.newInputStream(file);
    }

    /** Like {@link FileChannel#open(Path, java.nio.file.OpenOption...)} for reading. */
    public static FileChannel newReadChannel(Path file) throws IOException {
        requireRegular(file);
        return FileChannel.open(file, StandardOpenOption.READ);
    }

    /** Like {@link Files#newBufferedReader(Path, Charset)}: malformed input is an error, not U+FFFD. */
    public static BufferedReader newBufferedReader(Path file, Charset charset) throws IOException {
        return new BufferedReader(new InputStreamReader(newInputStream(file), charset.newDecoder()));
    }

    /** Like {@link Files#readAllLines(Path, Charset)}. */
    public static List<String> readAllLines(Path file, Charset charset) throws IOException {
        try (BufferedReader reader = newBufferedReader(file, charset)) {
            List<String> lines = new ArrayList<>();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lines.add(line);
            }
            return lines;
        }
    }

    /** Throws {@link Refused} unless {@code file} is a regular file (symbolic links followed). */
    public static void requireRegular(Path file) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        if (attributes.isDirectory()) {
            throw new Refused(file, "is a directory");
        }
        if (!attributes.isRegularFile()) {
            throw new Refused(file, "is not a regular file");
        }
    }

    private static String describe(long bytes) {
        return bytes % (1 << 20) == 0 ? (bytes >> 20) + " MiB" : bytes + " bytes";
    }

    /**
     * A file nnl will not read. {@link #reason()} completes a sentence about the file ("is not a
     * regular file"), so each caller names the file as its user wrote it; {@link #getMessage()}
     * names it by the path given.
     */
    public static final class Refused extends IOException {
        private final String reason;

        Refused(Path file, String reason) {
            super(file + " " + reason);
            this.reason = reason;
        }

        public String reason() {
            return reason;
        }
    }
}
