package dev.nnl.cli;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A minimal LSP client, written from the protocol rather than with LSP4J, so tests see the
 * server exactly as an editor does: a child process speaking JSON-RPC with Content-Length
 * framing over its stdin and stdout.
 */
final class LspClient implements Closeable {
    private static final Gson GSON = new Gson();

    private final Process process;
    private final OutputStream toServer;
    private final BlockingQueue<JsonObject> inbox = new LinkedBlockingQueue<>();
    private final List<JsonObject> notifications = new ArrayList<>();
    private final Thread reader;
    private int nextId = 1;

    private LspClient(Process process) {
        this.process = process;
        this.toServer = process.getOutputStream();
        this.reader = new Thread(this::readLoop, "lsp-client-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code nnlc lsp} in a child JVM with this JVM's class path. */
    static LspClient start() throws IOException {
        return start(ProcessBuilder.Redirect.INHERIT);
    }

    /** Starts {@code nnlc lsp} with its standard error going to {@code stderr}. */
    static LspClient start(ProcessBuilder.Redirect stderr) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xss16m", "-cp", System.getProperty("java.class.path"),
                "dev.nnl.cli.Main", "lsp");
        pb.redirectError(stderr);
        return new LspClient(pb.start());
    }

    /** Bytes as they are, for frames no well-behaved client would send. */
    synchronized void sendRaw(String text) throws IOException {
        toServer.write(text.getBytes(StandardCharsets.UTF_8));
        toServer.flush();
    }

    JsonObject initialize(Path root, JsonObject initializationOptions) throws Exception {
        JsonObject params = new JsonObject();
        params.addProperty("processId", ProcessHandle.current().pid());
        params.addProperty("rootUri", root.toUri().toString());
        params.add("capabilities", JsonParser.parseString(
                "{\"textDocument\":{\"completion\":{\"completionItem\":{\"snippetSupport\":true}},"
                        + "\"hover\":{\"contentFormat\":[\"markdown\"]},\"publishDiagnostics\":{\"relatedInformation\":true}}}"));
        if (initializationOptions != null) {
            params.add("initializationOptions", initializationOptions);
        }
        JsonObject result = request("initialize", params);
        notify("initialized", new JsonObject());
        return result;
    }

    void open(String uri, String text) throws IOException {
        JsonObject doc = new JsonObject();
        doc.addProperty("uri", uri);
        doc.addProperty("languageId", "nnl");
        doc.addProperty("version", 1);
        doc.addProperty("text", text);
        JsonObject params = new JsonObject();
        params.add("textDocument", doc);
        notify("textDocument/didOpen", params);
    }

    void change(String uri, int version, String text) throws IOException {
        JsonObject doc = new JsonObject();
        doc.addProperty("uri", uri);
        doc.addProperty("version", version);
        JsonObject change = new JsonObject();
        change.addProperty("text", text);
        JsonObject params = new JsonObject();
        params.add("textDocument", doc);
        params.add("contentChanges", GSON.toJsonTree(List.of(change)));
        notify("textDocument/didChange", params);
    }

    /** A request about a position in a document: hover, completion, definition. */
    JsonElement at(String method, String uri, int line, int character) throws Exception {
        JsonObject params = new JsonObject();
        JsonObject doc = new JsonObject();
        doc.addProperty("uri", uri);
        params.add("textDocument", doc);
        JsonObject pos = new JsonObject();
        pos.addProperty("line", line);
        pos.addProperty("character", character);
        params.add("position", pos);
        return requestAny(method, params);
    }

    JsonObject request(String method, JsonObject params) throws Exception {
        JsonElement r = requestAny(method, params);
        return r == null || r.isJsonNull() ? null : r.getAsJsonObject();
    }

    synchronized JsonElement requestAny(String method, JsonObject params) throws Exception {
        int id = nextId++;
        JsonObject msg = new JsonObject();
        msg.addProperty("jsonrpc", "2.0");
        msg.addProperty("id", id);
        msg.addProperty("method", method);
        msg.add("params", params);
        send(msg);
        JsonObject response = await(m -> m.has("id") && m.get("id").getAsInt() == id && !m.has("method"), 30_000);
        if (response.has("error")) {
            throw new IllegalStateException(method + " failed: " + response.get("error"));
        }
        return response.get("result");
    }

    void notify(String method, JsonObject params) throws IOException {
        JsonObject msg = new JsonObject();
        msg.addProperty("jsonrpc", "2.0");
        msg.addProperty("method", method);
        msg.add("params", params);
        send(msg);
    }

    /** The next {@code publishDiagnostics} for the document at exactly this version. */
    JsonObject diagnostics(String uri, int version, long timeoutMs) throws InterruptedException {
        return await(m -> "textDocument/publishDiagnostics".equals(str(m, "method"))
                && uri.equals(m.getAsJsonObject("params").get("uri").getAsString())
                && m.getAsJsonObject("params").has("version")
                && m.getAsJsonObject("params").get("version").getAsInt() == version, timeoutMs).getAsJsonObject("params");
    }

    /** The first message (already received or arriving within the timeout) that matches. */
    JsonObject await(Predicate<JsonObject> match, long timeoutMs) throws InterruptedException {
        synchronized (notifications) {
            for (JsonObject m : notifications) {
                if (match.test(m)) {
                    notifications.remove(m);
                    return m;
                }
            }
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (true) {
            long left = deadline - System.nanoTime();
            JsonObject m = left <= 0 ? null : inbox.poll(left, TimeUnit.NANOSECONDS);
            if (m == null) {
                throw new IllegalStateException("no matching message from the server within " + timeoutMs + " ms");
            }
            if (match.test(m)) {
                return m;
            }
            synchronized (notifications) {
                notifications.add(m);
            }
        }
    }

    /** Shuts the server down as an editor does; returns its exit code. */
    int shutdown() throws Exception {
        requestAny("shutdown", null);
        notify("exit", null);
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("the server did not exit after shutdown and exit");
        }
        return process.exitValue();
    }

    boolean alive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }

    private static String str(JsonObject o, String key) {
        return o.has(key) && o.get(key).isJsonPrimitive() ? o.get(key).getAsString() : null;
    }

    private synchronized void send(JsonObject msg) throws IOException {
        byte[] body = GSON.toJson(msg).getBytes(StandardCharsets.UTF_8);
        toServer.write(("Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        toServer.write(body);
        toServer.flush();
    }

    private void readLoop() {
        try (InputStream in = new BufferedInputStream(process.getInputStream())) {
            while (true) {
                int length = -1;
                String header;
                while (!(header = line(in)).isEmpty()) {
                    if (header.toLowerCase().startsWith("content-length:")) {
                        length = Integer.parseInt(header.substring("content-length:".length()).trim());
                    }
                }
                if (length < 0) {
                    return;
                }
                byte[] body = in.readNBytes(length);
                inbox.add(JsonParser.parseString(new String(body, StandardCharsets.UTF_8)).getAsJsonObject());
            }
        } catch (IOException | RuntimeException e) {
            // The server went away; waiting callers time out with a clear message.
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
            if (c != '\r') {
                b.write(c);
            }
        }
        if (c == -1 && b.size() == 0) {
            throw new IOException("end of stream");
        }
        return b.toString(StandardCharsets.US_ASCII);
    }
}
