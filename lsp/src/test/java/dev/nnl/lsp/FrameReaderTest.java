package dev.nnl.lsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.eclipse.lsp4j.jsonrpc.json.MessageJsonHandler;
import org.eclipse.lsp4j.jsonrpc.messages.RequestMessage;
import org.eclipse.lsp4j.jsonrpc.services.ServiceEndpoints;
import org.eclipse.lsp4j.services.LanguageServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Bad frames cost one log line each; every good frame after them still arrives, in order. */
class FrameReaderTest {
    private static final MessageJsonHandler JSON = new MessageJsonHandler(ServiceEndpoints.getSupportedMethods(LanguageServer.class));

    /** What a reader delivered from some bytes, and what it logged. */
    private record Read(List<String> ids, List<String> log, int issues) {
    }

    private static Read read(byte[] bytes) {
        List<String> ids = new ArrayList<>();
        List<String> log = new ArrayList<>();
        int[] issues = {0};
        FrameReader reader = new FrameReader(new ByteArrayInputStream(bytes), JSON, (m, i) -> issues[0]++, log::add);
        reader.listen(m -> ids.add(((RequestMessage) m).getId()));
        log.forEach(line -> assertTrue(!line.contains("\n") && line.startsWith("nnl lsp: "), line));
        return new Read(ids, log, issues[0]);
    }

    /** A valid request frame; its id is {@code id}. */
    private static String good(int id) {
        String body = "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"shutdown\"}";
        return "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body;
    }

    private static byte[] bytes(String... parts) {
        return String.join("", parts).getBytes(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Content-Length: -5\r\n\r\n", "Content-Length: abc\r\n\r\n", "Content-Type: x\r\n\r\n",
        "Content-Length: 99999999999\r\n\r\n", "abc\r\n\r\n"})
    void aBadHeaderCostsOneLineAndTheNextFrameArrives(String header) {
        Read r = read(bytes(good(1), header, "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"shutdown\"}", good(2), good(3)));
        assertEquals(List.of("1", "2", "3"), r.ids());
        assertEquals(1, r.log().size(), r.log()::toString);
    }

    @Test
    void anUnderstatedLengthLosesOnlyItsOwnFrame() {
        String body = "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"shutdown\"}";
        Read r = read(bytes(good(1), "Content-Length: 10\r\n\r\n", body, good(2)));
        assertEquals(List.of("1", "2"), r.ids());
        assertEquals(2, r.log().size(), r.log()::toString);  // the cut body, then the garbage before the header
    }

    @Test
    void jsonThatIsNoMessageGoesToTheIssueHandler() {
        Read r = read(bytes(good(1), "Content-Length: 2\r\n\r\n[]", good(2)));
        assertEquals(List.of("1", "2"), r.ids());
        assertEquals(1, r.log().size() + r.issues(), r::toString);
    }

    @Test
    void anEndlessHeaderLineCostsBoundedMemory() {
        Read r = read(bytes(good(1), "x".repeat(10 * FrameReader.MAX_HEADER_LINE), "\r\n", good(2)));
        assertEquals(List.of("1", "2"), r.ids());
    }

    @Test
    void headerNamesIgnoreCaseAndStrayLineBreaksAreSkipped() {
        Read r = read(bytes("\r\n", good(1).replace("Content-Length", "content-length"), "\r\n\r\n", good(2)));
        assertEquals(List.of("1", "2"), r.ids());
        assertEquals(List.of(), r.log());
    }

    /**
     * Any garbage between good frames: the good frames all arrive, in order, and nothing throws.
     * Garbage here never spells a header itself (that would be a frame, good or bad, of its own).
     */
    @Property(tries = 300)
    void goodFramesSurviveGarbageBetweenThem(@ForAll("garbage") List<String> between) {
        ByteArrayOutputStream in = new ByteArrayOutputStream();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < between.size(); i++) {
            in.writeBytes(between.get(i).getBytes(StandardCharsets.ISO_8859_1));
            in.writeBytes(bytes(good(i)));
            expected.add(String.valueOf(i));
        }
        assertEquals(expected, read(in.toByteArray()).ids());
    }

    @Provide
    Arbitrary<List<String>> garbage() {
        Arbitrary<String> noise = Arbitraries.strings().withCharRange('\u0000', '\u00ff').ofMaxLength(120)
                .filter(s -> !s.toLowerCase(Locale.ROOT).contains("content-length"));
        Arbitrary<String> lines = Arbitraries.of("\r\n", "\n", "abc\r\n", "X-Thing: 1\r\n", ":\r\n", "\r\n\r\n", "{}");
        Arbitrary<String> badFrames = Arbitraries.of("Content-Length: -5\r\n\r\n{\"a\":1}", "Content-Length: abc\r\n\r\n{}",
                "Content-Type: x\r\n\r\n{}", "Content-Length: 2\r\n\r\n[]", "Content-Length: 7\r\n\r\nnot json",
                "Content-Length:\r\n\r\n");
        Arbitrary<String> piece = Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.just("")), Tuple.of(3, noise),
                Tuple.of(2, lines), Tuple.of(2, badFrames));
        return piece.list().ofMinSize(1).ofMaxSize(12);
    }
}
