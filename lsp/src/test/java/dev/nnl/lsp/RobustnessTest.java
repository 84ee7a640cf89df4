package dev.nnl.lsp;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.nnl.compiler.BadInputs;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every feature at every position of every file we have (samples, golden inputs, hostile inputs)
 * answers without throwing: a language server sees mostly broken, half-typed text.
 */
class RobustnessTest {
    private static final Path REPO = Path.of(System.getProperty("nnl.repo", "..")).toAbsolutePath().normalize();

    @TestFactory
    List<DynamicTest> everyFeatureAtEveryPositionOfEveryFile() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Stream.concat(Files.list(REPO.resolve("samples")),
                Files.walk(REPO.resolve("compiler/src/test/resources/golden")))) {
            s.filter(p -> p.toString().endsWith(".nnl")).sorted().forEach(files::add);
        }
        assertTrue(files.size() > 90, "found the corpus: " + files.size());
        for (Path f : files) {
            // Every other position of a sample, every fifth of a golden input: a few tokens apart.
            int stride = f.startsWith(REPO.resolve("samples")) ? 2 : 5;
            String text = new String(Files.readAllBytes(f), StandardCharsets.UTF_8);  // as an editor decodes it
            tests.add(DynamicTest.dynamicTest(REPO.relativize(f).toString(), () -> everywhere(f.toUri().toString(), text, stride)));
        }
        for (BadInputs.BadInput bad : BadInputs.all()) {
            String text = new String(bad.bytes(), StandardCharsets.UTF_8);
            int stride = Math.max(1, text.length() / 400);
            tests.add(DynamicTest.dynamicTest("hostile: " + bad.name(), () -> everywhere("untitled:" + bad.name().replace(' ', '-'), text, stride)));
        }
        return tests;
    }

    /**
     * Bad frames (a negative length, a word for a length, no length) cost one log line each and
     * the server answers what comes after; a request without its document gets an error whose
     * data holds no stack trace.
     */
    @Test
    void theServerSurvivesBadFramesAndBadRequests() throws Exception {
        String initialize = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"capabilities\":{}}}";
        String noDocument = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"textDocument/hover\",\"params\":{}}";
        String shutdown = "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"shutdown\"}";
        String exit = "{\"jsonrpc\":\"2.0\",\"method\":\"exit\"}";
        String in = frame(initialize) + "Content-Length: -5\r\n\r\n" + shutdown + "Content-Length: abc\r\n\r\n" + shutdown
                + "\r\n\r\n" + shutdown + frame(noDocument) + frame(shutdown) + frame(exit);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<String> log = new java.util.concurrent.CopyOnWriteArrayList<>();
        int code = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> NnlLanguageServer.serve(
                new ByteArrayInputStream(in.getBytes(StandardCharsets.UTF_8)), out, "test", log::add));
        assertEquals(0, code, "exit after shutdown");
        assertEquals(2, log.size(), log::toString);  // the third bad frame is skipped with the second's body
        assertTrue(log.stream().allMatch(l -> l.startsWith("nnl lsp: skipped a bad message") && !l.contains("\n")), log::toString);

        Map<String, JsonObject> answers = new HashMap<>();
        for (String body : out.toString(StandardCharsets.UTF_8).split("Content-Length: \\d+\r\n\r\n")) {
            if (!body.isEmpty()) {
                JsonObject o = JsonParser.parseString(body).getAsJsonObject();
                answers.put(o.get("id").getAsString(), o);
            }
        }
        assertEquals(Set.of("1", "2", "3"), answers.keySet());
        JsonObject error = answers.get("2").getAsJsonObject("error");
        assertEquals(-32602, error.get("code").getAsInt(), error::toString);
        assertEquals("the request has no textDocument", error.get("message").getAsString());
        assertFalse(error.has("data"), error::toString);
        assertTrue(answers.get("3").has("result"), answers.get("3")::toString);
    }

    private static String frame(String json) {
        return "Content-Length: " + json.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + json;
    }

    /** On a thread like the server's worker, with its large stack. */
    private static void everywhere(String uri, String text, int stride) throws Throwable {
        Throwable[] failure = {null};
        Thread t = new Thread(null, () -> {
            try {
                features(uri, text, stride);
            } catch (Throwable e) {
                failure[0] = e;
            }
        }, "worker", DocumentService.WORKER_STACK_BYTES);
        t.start();
        t.join();
        if (failure[0] != null) {
            throw failure[0];
        }
    }

    private static void features(String uri, String text, int stride) {
        Analysis a = Analysis.of(uri, 1, text);
        assertDoesNotThrow(() -> LspDiagnostics.of(a));
        assertDoesNotThrow(() -> Symbols.of(a));
        assertDoesNotThrow(() -> InlayHints.of(a, new Range(new Position(0, 0), new Position(a.source().lineCount(), 0))));
        assertDoesNotThrow(() -> Formatting.edits(a));
        for (int offset = 0; offset <= text.length(); offset += stride) {
            int at = offset;
            assertDoesNotThrow(() -> Hovers.hover(a, at), () -> "hover at " + at);
            assertDoesNotThrow(() -> Completions.complete(a, at, true), () -> "completion at " + at);
            assertDoesNotThrow(() -> Definitions.definition(a, at), () -> "definition at " + at);
        }
    }
}
