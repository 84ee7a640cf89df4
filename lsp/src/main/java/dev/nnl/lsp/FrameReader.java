package dev.nnl.lsp;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.function.Consumer;
import org.eclipse.lsp4j.jsonrpc.MessageConsumer;
import org.eclipse.lsp4j.jsonrpc.MessageIssueException;
import org.eclipse.lsp4j.jsonrpc.MessageIssueHandler;
import org.eclipse.lsp4j.jsonrpc.MessageProducer;
import org.eclipse.lsp4j.jsonrpc.json.MessageJsonHandler;
import org.eclipse.lsp4j.jsonrpc.messages.Message;

/**
 * Reads LSP frames ({@code Content-Length: N}, a blank line, N bytes of JSON) and survives bad
 * ones. LSP4J's own reader lost its place after one bad header ({@code Content-Length: -5},
 * {@code abc} or none): it read the unframed body as the next header line, so that message's
 * real header was lost too, and so on for every later message, each with a stack trace.
 *
 * <p>Here a bad frame costs one line on the log and then the reader resynchronises: it skips
 * to the next {@code Content-Length:} in the stream, and a header line with garbage glued in
 * front (the tail of a body whose length was understated) keeps the header at its end.
 */
final class FrameReader implements MessageProducer, Closeable {
    private static final String LENGTH = "content-length:";
    /** Real header lines are short; past this a line is garbage, and holding it would cost memory. */
    static final int MAX_HEADER_LINE = 8 * 1024;
    /**
     * The largest body read. The compiler refuses source files over 64 MiB; as JSON with escapes
     * such a document may take a few times that.
     */
    static final int MAX_CONTENT = 512 * 1024 * 1024;

    private final InputStream in;
    private final MessageJsonHandler json;
    private final MessageIssueHandler issues;
    private final Consumer<String> log;
    /** Text already read that begins the next header line (set by a resynchronisation). */
    private String pending;
    private volatile boolean running;

    /**
     * @param issues answers a request whose JSON is valid but not a valid message (LSP4J's remote endpoint)
     * @param log    receives one line per bad frame
     */
    FrameReader(InputStream in, MessageJsonHandler json, MessageIssueHandler issues, Consumer<String> log) {
        this.in = new BufferedInputStream(in, 1 << 16);
        this.json = json;
        this.issues = issues;
        this.log = log;
    }

    @Override
    public void listen(MessageConsumer callback) {
        running = true;
        try {
            while (running) {
                int length = nextContentLength();
                if (length < 0) {
                    return;
                }
                byte[] body = in.readNBytes(length);
                if (body.length < length) {
                    return;
                }
                deliver(new String(body, StandardCharsets.UTF_8), callback);
            }
        } catch (IOException closed) {
            // The client closed the stream, or the process is ending: the session is over either way.
        } finally {
            running = false;
        }
    }

    @Override
    public void close() {
        running = false;
    }

    private void deliver(String body, MessageConsumer callback) {
        Message message;
        try {
            message = json.parseMessage(body);
        } catch (MessageIssueException e) {
            // Valid JSON, invalid message: LSP4J answers the request with an error.
            issues.handle(e.getRpcMessage(), e.getIssues());
            return;
        } catch (RuntimeException e) {
            log.accept("nnl lsp: skipped a message that is not JSON-RPC (" + oneLine(e) + ")");
            return;
        }
        try {
            callback.consume(message);
        } catch (RuntimeException e) {
            // The endpoint answers a failing request itself; whatever escapes must not end the session.
            log.accept("nnl lsp: a message failed (" + oneLine(e) + ")");
        }
    }

    /**
     * Reads header lines up to the blank line that ends them and returns the content length,
     * resynchronising past bad frames; -1 at the end of the input.
     */
    private int nextContentLength() throws IOException {
        long length = -1;
        boolean any = false;
        while (true) {
            Line line = readLine();
            if (line == null) {
                return -1;
            }
            String text = line.text;
            if (line.overlong) {
                resynchronise("a header line longer than " + MAX_HEADER_LINE + " bytes", text);
                length = -1;
                any = false;
                continue;
            }
            int glued = text.toLowerCase(Locale.ROOT).lastIndexOf(LENGTH);
            if (glued > 0) {
                log.accept("nnl lsp: skipped " + glued + " bytes of garbage before a header");
                text = text.substring(glued);
                length = -1;
                any = false;
            }
            if (text.isEmpty()) {
                if (!any) {
                    continue;  // a stray line break between frames
                }
                if (length >= 0 && length <= MAX_CONTENT) {
                    return (int) length;
                }
                if (length > MAX_CONTENT) {
                    log.accept("nnl lsp: skipped a message of " + length + " bytes (the limit is " + MAX_CONTENT + ")");
                    in.skipNBytes(length);
                } else {
                    resynchronise("no Content-Length header", "");
                }
                length = -1;
                any = false;
                continue;
            }
            any = true;
            int colon = text.indexOf(':');
            if (colon <= 0) {
                resynchronise("`" + shorten(text) + "` is not a header", "");
                length = -1;
                any = false;
                continue;
            }
            if (text.substring(0, colon + 1).equalsIgnoreCase(LENGTH)) {
                String value = text.substring(colon + 1).trim();
                if (!value.matches("[0-9]{1,10}")) {
                    resynchronise("Content-Length `" + shorten(value) + "` is not a byte count", "");
                    length = -1;
                    any = false;
                    continue;
                }
                length = Long.parseLong(value);
            }
            // Other headers (Content-Type) are ignored: LSP allows only UTF-8.
        }
    }

    /**
     * Logs one line and skips to just after the next {@code Content-Length:}, looking first in
     * {@code alreadyRead} (an overlong line) and then in the stream; what follows the match on
     * its line begins the next line read.
     */
    private void resynchronise(String problem, String alreadyRead) throws IOException {
        log.accept("nnl lsp: skipped a bad message (" + problem + "); reading on from the next Content-Length header");
        Matcher m = new Matcher();
        for (int i = 0; i < alreadyRead.length(); i++) {
            if (m.found(alreadyRead.charAt(i))) {
                pending = "Content-Length:" + alreadyRead.substring(i + 1);
                return;
            }
        }
        for (int c = in.read(); c >= 0; c = in.read()) {
            if (m.found((char) c)) {
                pending = "Content-Length:";
                return;
            }
        }
        pending = null;
    }

    /** Finds {@code Content-Length:} in any case, one character at a time. */
    private static final class Matcher {
        private int matched;

        boolean found(char c) {
            char lower = Character.toLowerCase(c);
            // 'c' occurs in the pattern only at its start, so a mismatch restarts the match cleanly.
            matched = lower == LENGTH.charAt(matched) ? matched + 1 : lower == LENGTH.charAt(0) ? 1 : 0;
            return matched == LENGTH.length();
        }
    }

    /** One header line without its line break, or null at the end of the input. */
    private Line readLine() throws IOException {
        StringBuilder text = new StringBuilder(pending == null ? "" : pending);
        pending = null;
        int c = in.read();
        if (c < 0 && text.length() == 0) {
            return null;
        }
        while (c >= 0 && c != '\n') {
            if (text.length() == MAX_HEADER_LINE) {
                return new Line(text.toString(), true);
            }
            text.append((char) c);  // headers are ASCII; any other byte only has to fail to match
            c = in.read();
        }
        int end = text.length();
        if (end > 0 && text.charAt(end - 1) == '\r') {
            text.setLength(end - 1);
        }
        return new Line(text.toString(), false);
    }

    private record Line(String text, boolean overlong) {
    }

    private static String shorten(String s) {
        String printable = s.replaceAll("[^\\x20-\\x7e]", "?");
        return printable.length() <= 40 ? printable : printable.substring(0, 40) + "…";
    }

    private static String oneLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
