package dev.nnl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code nnlc lsp} as an editor sees it: a child process spoken to in JSON-RPC over stdio. One
 * server serves the whole class, as one serves a whole editor session.
 */
class LspIntegrationTest {
    private static final String BROKEN = """
            model Net {
                input image: (28, 28)
                Conv2D(32, 3, activation=relu)
                Flatten()
                Dense(10, activation=softmax)
            }
            """;
    private static final String FIXED = BROKEN.replace("(28, 28)", "(28, 28, 1)");

    @TempDir
    static Path dir;
    static LspClient client;
    static JsonObject capabilities;

    @BeforeAll
    static void start() throws Exception {
        client = LspClient.start();
        JsonObject options = new JsonObject();
        options.addProperty("debounceMs", 20);
        capabilities = client.initialize(dir, options).getAsJsonObject("capabilities");
    }

    @AfterAll
    static void stop() throws Exception {
        if (client != null) {
            try {
                assertEquals(0, client.shutdown(), "exit code after shutdown + exit");
            } finally {
                client.close();
            }
        }
    }

    /**
     * The real process after bad frames: one line on standard error for each, no stack trace, and
     * the next request answered. A request without its document gets an error with no stack trace.
     */
    @Test
    void badFramesCostOneLineOnStandardErrorAndTheServerKeepsServing() throws Exception {
        Path err = dir.resolve("lsp-stderr.txt");
        try (LspClient own = LspClient.start(ProcessBuilder.Redirect.to(err.toFile()))) {
            own.initialize(dir, null);
            String uri = uri("after-bad-frames.nnl", FIXED);
            own.open(uri, FIXED);
            for (String bad : List.of("Content-Length: -5\r\n\r\n{}", "Content-Length: abc\r\n\r\n{}", "Content-Type: x\r\n\r\n{}")) {
                own.sendRaw(bad);
                JsonObject hover = own.at("textDocument/hover", uri, 2, 6).getAsJsonObject();
                assertTrue(hover.toString().contains("Conv2D"), hover::toString);
            }
            IllegalStateException noDocument = assertThrows(IllegalStateException.class,
                    () -> own.request("textDocument/hover", new JsonObject()));
            assertTrue(noDocument.getMessage().contains("\"code\":-32602"), noDocument.getMessage());
            assertFalse(noDocument.getMessage().contains("\"data\""), noDocument.getMessage());
            assertEquals(0, own.shutdown());
        }
        List<String> lines = Files.readAllLines(err);
        assertEquals(3, lines.size(), () -> String.join("\n", lines));
        assertTrue(lines.stream().allMatch(l -> l.startsWith("nnl lsp: skipped a bad message")), () -> String.join("\n", lines));
    }

    private static String uri(String name, String text) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file.toUri().toString();
    }

    @Test
    void advertisesTheFeaturesItServes() {
        for (String key : List.of("hoverProvider", "completionProvider", "definitionProvider", "documentSymbolProvider",
                "inlayHintProvider", "documentFormattingProvider")) {
            assertTrue(capabilities.has(key), key);
        }
    }

    @Test
    void shapeErrorAppearsOnOpenWithTheRangeAndCodeOfCheckAndGoesAwayWhenFixed() throws Exception {
        String uri = uri("edit.nnl", BROKEN);
        client.open(uri, BROKEN);
        JsonArray diags = client.diagnostics(uri, 1, 10_000).getAsJsonArray("diagnostics");
        assertEquals(1, diags.size(), diags.toString());
        JsonObject d = diags.get(0).getAsJsonObject();
        assertEquals("NNL3001", d.get("code").getAsString());
        assertEquals(1, d.get("severity").getAsInt(), "error");
        // Line 3, `Conv2D(32, 3, activation=relu)`, 0-based: the whole call.
        assertEquals(range(2, 4, 2, 34), d.get("range"));
        assertTrue(d.get("message").getAsString().contains("Conv2D"), d.toString());

        // The same finding as `nnlc check --format json`, position for position.
        TrainCliTest.Run check = TrainCliTest.nnlc("check", "--format", "json", dir.resolve("edit.nnl").toString());
        JsonObject fromCheck = JsonParser.parseString(check.out()).getAsJsonObject()
                .getAsJsonArray("files").get(0).getAsJsonObject().getAsJsonArray("diagnostics").get(0).getAsJsonObject();
        assertEquals(fromCheck.get("code").getAsString(), d.get("code").getAsString());
        assertEquals(fromCheck.get("range"), d.get("range"));
        assertTrue(d.get("message").getAsString().startsWith(fromCheck.get("message").getAsString()));
        assertTrue(d.get("message").getAsString().endsWith("help: " + fromCheck.get("help").getAsString()));

        client.change(uri, 2, FIXED);
        assertEquals(0, client.diagnostics(uri, 2, 10_000).getAsJsonArray("diagnostics").size());
    }

    @Test
    void hoverOnALayerShowsItsShapesAndParameterCount() throws Exception {
        String uri = uri("hover.nnl", FIXED);
        client.open(uri, FIXED);
        client.diagnostics(uri, 1, 10_000);
        JsonObject hover = client.at("textDocument/hover", uri, 2, 6).getAsJsonObject();
        String text = hover.getAsJsonObject("contents").get("value").getAsString();
        assertTrue(text.contains("(None, 28, 28, 1) → (None, 26, 26, 32)"), text);
        assertTrue(text.contains("320 params"), text);
        assertTrue(text.contains("Conv2D(filters=32, kernel_size=3, activation=relu)"), text);
        assertEquals(range(2, 4, 2, 10), hover.get("range"));
    }

    @Test
    void completionInsideConv2DOffersItsKeywordsAndThenTheirValues() throws Exception {
        String typing = FIXED.replace("Conv2D(32, 3, activation=relu)", "Conv2D(32, 3, ");
        String uri = uri("complete.nnl", typing);
        client.open(uri, typing);
        List<String> labels = labels(client.at("textDocument/completion", uri, 2, 18));
        assertTrue(labels.containsAll(List.of("padding=", "strides=", "activation=", "name=")), labels.toString());
        assertFalse(labels.contains("filters="), "filters is already given by position: " + labels);

        String value = FIXED.replace("Conv2D(32, 3, activation=relu)", "Conv2D(32, 3, padding=");
        client.change(uri, 2, value);
        List<String> values = labels(client.at("textDocument/completion", uri, 2, 26));
        assertTrue(values.containsAll(List.of("valid", "same")), values.toString());
        assertFalse(values.contains("Dense"), values.toString());

        String statement = FIXED.replace("    Flatten()\n", "    Fl\n");
        client.change(uri, 3, statement);
        List<String> layers = labels(client.at("textDocument/completion", uri, 3, 6));
        assertTrue(layers.containsAll(List.of("Flatten", "Dense", "LSTM", "input", "output")), layers.toString());
    }

    @Test
    void formattingReturnsTheCanonicalText() throws Exception {
        String messy = FIXED.replace("    Flatten()", "  Flatten( )");
        String uri = uri("format.nnl", messy);
        client.open(uri, messy);
        JsonObject params = new JsonObject();
        JsonObject doc = new JsonObject();
        doc.addProperty("uri", uri);
        params.add("textDocument", doc);
        params.add("options", JsonParser.parseString("{\"tabSize\":4,\"insertSpaces\":true}"));
        JsonArray edits = client.requestAny("textDocument/formatting", params).getAsJsonArray();
        assertEquals(1, edits.size());
        assertEquals(FIXED, edits.get(0).getAsJsonObject().get("newText").getAsString());
    }

    @Test
    void definitionOfANameIsItsBinding() throws Exception {
        String text = """
                model Two {
                    input a: (8)
                    h = Dense(4)
                    output h -> Dense(1)
                }
                """;
        String uri = uri("def.nnl", text);
        client.open(uri, text);
        JsonArray locations = client.at("textDocument/definition", uri, 3, 11).getAsJsonArray();
        assertEquals(1, locations.size());
        assertEquals(range(2, 4, 2, 5), locations.get(0).getAsJsonObject().get("range"));
    }

    @Test
    void aHostileDocumentGivesDiagnosticsAndTheServerKeepsServing() throws Exception {
        String hostile = "model M {\n" + "(".repeat(20_000) + "\u0000\u00ff garbage \"unterminated\n";
        String uri = uri("hostile.nnl", hostile);
        client.open(uri, hostile);
        JsonArray diags = client.diagnostics(uri, 1, 20_000).getAsJsonArray("diagnostics");
        assertFalse(diags.isEmpty());
        client.at("textDocument/hover", uri, 1, 5);
        client.at("textDocument/completion", uri, 1, 100);
        assertTrue(client.alive());

        // Still answering another document afterwards.
        String ok = uri("after.nnl", FIXED);
        client.open(ok, FIXED);
        assertEquals(0, client.diagnostics(ok, 1, 10_000).getAsJsonArray("diagnostics").size());
    }

    private static List<String> labels(JsonElement completion) {
        JsonArray items = completion.isJsonArray() ? completion.getAsJsonArray() : completion.getAsJsonObject().getAsJsonArray("items");
        List<String> out = new ArrayList<>();
        items.forEach(i -> out.add(i.getAsJsonObject().get("label").getAsString()));
        return out;
    }

    private static JsonElement range(int l1, int c1, int l2, int c2) {
        return JsonParser.parseString("{\"start\":{\"line\":" + l1 + ",\"character\":" + c1 + "},\"end\":{\"line\":" + l2
                + ",\"character\":" + c2 + "}}");
    }
}
