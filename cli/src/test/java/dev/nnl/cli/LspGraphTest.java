package dev.nnl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The language server's {@code nnl/graph} request, through the real {@code nnlc lsp} process. */
class LspGraphTest {
    @TempDir
    static Path dir;
    static LspClient client;

    @BeforeAll
    static void start() throws Exception {
        client = LspClient.start();
        client.initialize(dir, new JsonObject());
    }

    @AfterAll
    static void stop() throws Exception {
        if (client != null) {
            try {
                client.shutdown();
            } finally {
                client.close();
            }
        }
    }

    private static JsonObject graph(String uri, String model, boolean expand) throws Exception {
        JsonObject params = new JsonObject();
        JsonObject doc = new JsonObject();
        doc.addProperty("uri", uri);
        params.add("textDocument", doc);
        if (model != null) {
            params.addProperty("model", model);
        }
        params.addProperty("shapes", true);
        params.addProperty("expandBlocks", expand);
        return client.request("nnl/graph", params);
    }

    @Test
    void answersTheSvgOfTheOpenTextIncludingUnsavedEdits() throws Exception {
        String uri = dir.resolve("two.nnl").toUri().toString();
        client.open(uri, "model A {\n    input x: (4)\n    Dense(3)\n}\nmodel B {\n    input y: (8)\n    Dense(2)\n    Dense(1)\n}\n");
        JsonObject a = graph(uri, null, false);
        assertEquals("A", a.get("model").getAsString());
        assertEquals("[\"A\",\"B\"]", a.get("models").toString());
        assertFalse(a.get("hasErrors").getAsBoolean());
        String svg = a.get("svg").getAsString();
        assertTrue(svg.contains("data-layer=\"dense\"") && svg.contains("(None, 4)"), svg);
        JsonObject b = graph(uri, "B", false);
        assertTrue(b.get("svg").getAsString().contains("data-layer=\"dense_1\""));

        client.change(uri, 2, "model A {\n    input x: (4)\n    Dense(3)\n    Conv2D(2, 3)\n}\n");
        JsonObject broken = graph(uri, "A", false);
        assertTrue(broken.get("hasErrors").getAsBoolean());
        assertTrue(broken.get("svg").getAsString().contains("class=\"box error\""), broken.toString());
    }

    @Test
    void aRequestWithoutItsDocumentIsAnError() {
        assertThrows(IllegalStateException.class, () -> client.request("nnl/graph", new JsonObject()));
    }
}
