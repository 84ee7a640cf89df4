package dev.nnl.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What the install tests share: the archives `package` made (dist/pom.xml), unpacking one, and
 * running its nnlc as a user would: from a folder outside the checkout, with a home of its own
 * (no ~/.m2, no cache) and none of the build's Java options.
 */
final class Installs {
    static final Path DIST = Path.of(System.getProperty("nnl.dist", "target")).toAbsolutePath();
    static final String VERSION = System.getProperty("nnl.version");
    /** What `nnlc --version` prints (cli's VersionTest checks the commit and date against git). */
    static final String VERSION_LINE = "nnlc " + java.util.regex.Pattern.quote(VERSION)
            + " \\(commit (\\p{XDigit}{7}(-dirty)?|unknown), built \\d{4}-\\d{2}-\\d{2}\\)";

    record Run(int code, String out, String err) {
    }

    private Installs() {
    }

    static Path full() {
        return DIST.resolve("nnlc-" + VERSION + "-linux-x86_64.tar.gz");
    }

    static Path light() {
        return DIST.resolve("nnlc-" + VERSION + "-light-linux-x86_64.tar.gz");
    }

    /** Unpacks {@code tarball} into {@code into}; the install's folder (its physical path). */
    static Path unpack(Path tarball, Path into) throws IOException, InterruptedException {
        assertTrue(Files.isRegularFile(tarball), tarball + " was made by package");
        Files.createDirectories(into);
        Run r = run(into, into, Map.of(), null, "tar", "-xzf", tarball.toString());
        assertEquals(0, r.code(), r.err());
        return into.resolve("nnlc-" + VERSION).toRealPath();
    }

    /** Runs {@code command} in {@code dir} with HOME={@code home}, {@code env} added, {@code stdin} as its input. */
    static Run run(Path dir, Path home, Map<String, String> env, String stdin, String... command)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        Map<String, String> e = pb.environment();
        // What surefire or the user's shell may have set that would change where nnlc looks.
        e.keySet().removeIf(k -> k.startsWith("XDG_") || k.startsWith("JAVA_TOOL") || k.startsWith("_JAVA") || k.equals("JDK_JAVA_OPTIONS"));
        e.put("HOME", home.toString());
        e.putAll(env);
        Path out = Files.createTempFile("nnlc", ".out");
        Path err = Files.createTempFile("nnlc", ".err");
        try {
            Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            try (OutputStream in = p.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish in 5 minutes");
            }
            return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** The files under {@code dir} whose name ends with {@code suffix}. */
    static List<Path> find(Path dir, String suffix) throws IOException {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
        }
    }

    /** The names of the jars in {@code dir}. */
    static List<String> jars(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".jar")).sorted().toList();
        }
    }

    /**
     * Starts {@code nnlc lsp} and speaks LSP to it over stdio with Content-Length framing, as an
     * editor does: initialize, open a file with an error, wait for its diagnostics, shutdown, exit.
     * The messages it received, in order; it asserts the server exited with 0.
     */
    static List<String> lspSession(Path nnlc, Path dir, Path home) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(nnlc.toString(), "lsp").directory(dir.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("XDG_") || k.startsWith("JAVA_TOOL"));
        pb.environment().put("HOME", home.toString());
        Process p = pb.redirectError(ProcessBuilder.Redirect.DISCARD).start();
        List<String> received = new ArrayList<>();
        try (OutputStream to = p.getOutputStream(); InputStream from = p.getInputStream()) {
            String uri = dir.resolve("bad.nnl").toUri().toString();
            send(to, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"processId\":null,\"rootUri\":null,\"capabilities\":{}}}");
            received.add(until(from, "\"id\":1"));
            send(to, "{\"jsonrpc\":\"2.0\",\"method\":\"initialized\",\"params\":{}}");
            send(to, "{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didOpen\",\"params\":{\"textDocument\":{\"uri\":\"" + uri
                    + "\",\"languageId\":\"nnl\",\"version\":1,\"text\":\"model M {\\n    input x: (4,)\\n    Dense(3, unit=2)\\n}\\n\"}}}");
            received.add(until(from, "textDocument/publishDiagnostics"));
            send(to, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"shutdown\"}");
            received.add(until(from, "\"id\":2"));
            send(to, "{\"jsonrpc\":\"2.0\",\"method\":\"exit\"}");
        }
        if (!p.waitFor(1, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("nnlc lsp did not exit after `exit`");
        }
        assertEquals(0, p.exitValue(), "nnlc lsp's exit code after shutdown and exit");
        return received;
    }

    private static void send(OutputStream to, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        to.write(("Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        to.write(body);
        to.flush();
    }

    /** Reads messages until one contains {@code marker}; that one. */
    private static String until(InputStream from, String marker) throws IOException {
        while (true) {
            String message = read(from);
            if (message.contains(marker)) {
                return message;
            }
        }
    }

    private static String read(InputStream from) throws IOException {
        int length = -1;
        StringBuilder line = new StringBuilder();
        while (true) {
            int c = from.read();
            if (c < 0) {
                throw new IOException("the server closed its output");
            }
            if (c != '\n') {
                line.append((char) c);
                continue;
            }
            String header = line.toString().strip();
            line.setLength(0);
            if (header.isEmpty()) {
                break;
            }
            if (header.toLowerCase().startsWith("content-length:")) {
                length = Integer.parseInt(header.substring("content-length:".length()).strip());
            }
        }
        return new String(from.readNBytes(length), StandardCharsets.UTF_8);
    }
}
