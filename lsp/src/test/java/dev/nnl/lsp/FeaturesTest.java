package dev.nnl.lsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DocumentSymbol;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.InlayHint;
import org.eclipse.lsp4j.Location;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each feature on a real document, in process: what an editor would get back. */
class FeaturesTest {
    @TempDir
    Path dir;

    private static final String GRAPH = """
            let width = 64

            block conv_block(filters, k=3) {
                input x
                Conv2D(filters, k, padding=same, activation=relu)
                MaxPooling2D(2)
            }

            model Classifier {
                input image: (32, 32, 3)
                a = conv_block(32)
                b = a -> conv_block(width)
                Flatten()
                Dense(10, activation=softmax)
            }

            train Classifier {
                loss = sparse_categorical_crossentropy
                optimizer = Adam()
                epochs = 2
            }
            """;

    private Analysis analyze(String text) throws Exception {
        Path file = dir.resolve("model.nnl");
        Files.writeString(file, text);
        return Analysis.of(file.toUri().toString(), 1, text);
    }

    /** The offset of the n-th (0-based) occurrence of {@code needle}, plus {@code delta}. */
    private static int at(Analysis a, String needle, int n, int delta) {
        int i = -1;
        for (int k = 0; k <= n; k++) {
            i = a.source().text().indexOf(needle, i + 1);
        }
        assertTrue(i >= 0, needle);
        return i + delta;
    }

    private static String hoverText(Analysis a, int offset) {
        Hover h = Hovers.hover(a, offset);
        assertNotNull(h, "a hover at " + offset);
        return h.getContents().getRight().getValue();
    }

    @Test
    void hoverOnACallInsideABlockShowsEveryExpansion() throws Exception {
        Analysis a = analyze(GRAPH);
        String text = hoverText(a, at(a, "Conv2D", 0, 2));
        assertTrue(text.contains("(None, 32, 32, 3) → (None, 32, 32, 32)"), text);
        assertTrue(text.contains("(None, 16, 16, 32) → (None, 16, 16, 64)"), text);
        assertTrue(text.contains("896 params"), text);
        assertTrue(text.contains("Defaults: strides=1"), text);
    }

    @Test
    void hoverOnANameShowsItsShapeAndOnAKeywordItsMeaning() throws Exception {
        Analysis a = analyze(GRAPH);
        assertEquals("`a`: (None, 16, 16, 32)", hoverText(a, at(a, "a -> conv", 0, 0)));
        assertTrue(hoverText(a, at(a, "image", 0, 1)).contains("(None, 32, 32, 3) float32"));
        String padding = hoverText(a, at(a, "padding=", 0, 2));
        assertTrue(padding.contains("`valid` or `same`") || padding.contains("`same`"), padding);
        assertTrue(hoverText(a, at(a, "train Classifier", 0, 8)).contains("params"));
        String adam = hoverText(a, at(a, "Adam()", 0, 1));
        assertTrue(adam.startsWith("```nnl\nAdam()\n```") && adam.contains("learning_rate=0.001"), adam);
    }

    @Test
    void hoverOnALayerOfAModelWithAnErrorStillShowsWhatWasInferred() throws Exception {
        Analysis a = analyze("""
                model M {
                    input x: (10)
                    Dense(4)
                    Conv2D(8, 3)
                }
                """);
        assertTrue(a.compilation().hasErrors());
        assertTrue(hoverText(a, at(a, "Dense", 0, 1)).contains("(None, 10) → (None, 4)"));
        assertTrue(hoverText(a, at(a, "Conv2D", 0, 1)).contains("shapes unknown"));
    }

    @Test
    void definitionsOfNamesBlocksParametersModelsAndImports() throws Exception {
        Files.writeString(dir.resolve("lib.nnl"), "block dense_relu(units) {\n    input x\n    Dense(units, activation=relu)\n}\n");
        String text = "import \"lib.nnl\"\n" + GRAPH.replace("Flatten()", "Flatten() -> dense_relu(units=16)");
        Analysis a = analyze(text);
        assertEquals(List.of(), LspDiagnostics.of(a).stream().filter(d -> d.getSeverity().getValue() == 1).toList());

        Location width = single(Definitions.definition(a, at(a, "width)", 0, 1)));
        assertEquals(new Range(new Position(1, 4), new Position(1, 9)), width.getRange());
        Location block = single(Definitions.definition(a, at(a, "conv_block(32)", 0, 3)));
        assertEquals(3, block.getRange().getStart().getLine());
        Location param = single(Definitions.definition(a, at(a, "filters, k,", 0, 2)));
        assertEquals(new Range(new Position(3, 17), new Position(3, 24)), param.getRange());
        Location imported = single(Definitions.definition(a, at(a, "dense_relu(units", 0, 2)));
        assertTrue(imported.getUri().endsWith("/lib.nnl"), imported.getUri());
        assertEquals(0, imported.getRange().getStart().getLine());
        Location importedParam = single(Definitions.definition(a, at(a, "units=16", 0, 1)));
        assertEquals(new Range(new Position(0, 17), new Position(0, 22)), importedParam.getRange());
        Location file = single(Definitions.definition(a, at(a, "\"lib.nnl\"", 0, 3)));
        assertTrue(file.getUri().endsWith("/lib.nnl"));
        Location model = single(Definitions.definition(a, at(a, "train Classifier", 0, 8)));
        assertEquals(9, model.getRange().getStart().getLine());
    }

    private static Location single(List<Location> locations) {
        assertEquals(1, locations.size(), locations.toString());
        return locations.get(0);
    }

    @Test
    void documentSymbolsOutlineTheFile() throws Exception {
        Analysis a = analyze(GRAPH);
        List<DocumentSymbol> symbols = Symbols.of(a);
        assertEquals(List.of("width", "conv_block", "Classifier", "Classifier"), symbols.stream().map(DocumentSymbol::getName).toList());
        DocumentSymbol model = symbols.get(2);
        assertEquals("model · 60,362 params", model.getDetail());
        assertEquals(List.of("image", "a", "b"), model.getChildren().stream().map(DocumentSymbol::getName).toList());
        assertEquals(List.of("filters", "k", "x"), symbols.get(1).getChildren().stream().map(DocumentSymbol::getName).toList());
    }

    @Test
    void inlayHintsShowEachLinesOutputShape() throws Exception {
        Analysis a = analyze(GRAPH);
        List<InlayHint> hints = InlayHints.of(a, new Range(new Position(0, 0), new Position(100, 0)));
        List<String> labels = hints.stream().map(h -> h.getLabel().getLeft()).toList();
        assertEquals(List.of("→ (None, 32, 32, 32) | (None, 16, 16, 64)", "→ (None, 16, 16, 32) | (None, 8, 8, 64)",
                "→ (None, 16, 16, 32)", "→ (None, 8, 8, 64)", "→ (None, 4096)", "→ (None, 10)"), labels);
        // After the call's closing parenthesis, not at the end of the line.
        assertEquals(new Position(4, 53), hints.get(0).getPosition());
        assertTrue(InlayHints.of(a, new Range(new Position(12, 0), new Position(12, 80))).size() == 1);
    }

    @Test
    void completionFollowsTheContextOfTheCursor() throws Exception {
        Analysis list = analyze(GRAPH.replace("    epochs = 2\n", "    metrics = [\n"));
        assertTrue(labels(list, at(list, "metrics = [", 0, "metrics = [".length())).contains("accuracy"));
        Analysis a = analyze(GRAPH.replace("    epochs = 2\n", "    epochs = 2\n    \n"));
        List<String> keys = labels(a, at(a, "epochs = 2\n    \n", 0, 15));
        assertTrue(keys.contains("batch_size") && keys.contains("seed"), keys.toString());
        assertFalse(keys.contains("loss") || keys.contains("epochs"), "already set: " + keys);

        Analysis b = analyze(GRAPH.replace("optimizer = Adam()", "optimizer = Adam(be"));
        List<String> adam = labels(b, at(b, "Adam(be", 0, 7));
        assertTrue(adam.contains("beta_1=") && adam.contains("learning_rate="), adam.toString());

        Analysis c = analyze(GRAPH.replace("Dense(10, activation=softmax)", "Dense(10, activation=)"));
        List<String> activations = labels(c, at(c, "activation=)", 0, "activation=".length()));
        assertTrue(activations.containsAll(List.of("relu", "softmax", "sigmoid")), activations.toString());
        assertTrue(activations.contains("width"), "constants are values too");

        Analysis d = analyze(GRAPH.replace("    Flatten()\n", "    \n"));
        List<String> stmt = labels(d, at(d, "width)\n    \n", 0, 11));
        assertTrue(stmt.containsAll(List.of("Dense", "conv_block", "a", "b", "output")), stmt.toString());

        Analysis e = analyze("// a comment with Den\n" + GRAPH);
        assertTrue(labels(e, 20).isEmpty(), "no completion inside comments");
    }

    private static List<String> labels(Analysis a, int offset) {
        return Completions.complete(a, offset, true).getItems().stream().map(CompletionItem::getLabel).toList();
    }

    @Test
    void diagnosticsCarryCodesHelpAndRelatedPlaces() throws Exception {
        Analysis a = analyze("""
                model M {
                    input x: (10)
                    h = Dense(4)
                    h = Dense(5)
                    Dense(1, activaton=relu)
                }
                """);
        List<Diagnostic> diags = LspDiagnostics.of(a);
        Diagnostic typo = diags.stream().filter(d -> d.getMessage().contains("activaton")).findFirst().orElseThrow();
        assertTrue(typo.getMessage().contains("help: did you mean `activation`?"), typo.getMessage());
        assertEquals("nnl", typo.getSource());
        assertTrue(diags.stream().anyMatch(d -> d.getRelatedInformation() != null && !d.getRelatedInformation().isEmpty()));
    }

    @Test
    void errorsInAnImportedFileShowOnTheImport() throws Exception {
        Files.writeString(dir.resolve("bad.nnl"), "let k = 2 * nope\n");
        Analysis a = analyze("import \"bad.nnl\"\nmodel M {\n    input x: (3)\n    Dense(1)\n}\n");
        Diagnostic d = LspDiagnostics.of(a).get(0);
        assertEquals(0, d.getRange().getStart().getLine());
        assertTrue(d.getMessage().startsWith("bad.nnl:1:"), d.getMessage());
    }

    /** An imported file that does not parse is named, with where its first error is, but not quoted. */
    @Test
    void anImportedFileThatDoesNotParseIsOneErrorOnTheImport() throws Exception {
        Files.writeString(dir.resolve("broken.nnl"), "let k = \n");
        Analysis a = analyze("import \"broken.nnl\"\nmodel M {\n    input x: (3)\n    Dense(1)\n}\n");
        List<Diagnostic> all = LspDiagnostics.of(a);
        assertEquals(1, all.size(), all::toString);
        assertEquals(0, all.get(0).getRange().getStart().getLine());
        assertTrue(all.get(0).getMessage().startsWith("cannot import \"broken.nnl\": broken.nnl does not parse as nnl"
                + " (1 syntax error, the first at line 1, column 9)"), all.get(0).getMessage());
    }

    @Test
    void formattingIsOneWholeDocumentEditOrNone() throws Exception {
        Analysis messy = analyze("model M {\n  input x:(3)\n      Dense( 1 ,activation = relu)\n}\n");
        List<org.eclipse.lsp4j.TextEdit> edits = Formatting.edits(messy);
        assertEquals(1, edits.size());
        assertEquals("model M {\n    input x: (3)\n    Dense(1, activation=relu)\n}\n", edits.get(0).getNewText());
        assertEquals(new Range(new Position(0, 0), new Position(4, 0)), edits.get(0).getRange());
        assertEquals(List.of(), Formatting.edits(analyze(edits.get(0).getNewText())), "already canonical");
        assertEquals(List.of(), Formatting.edits(analyze("model M {\n  input x: (3\n")), "does not parse");
    }

    @Test
    void nothingUnderTheCursorGivesNoHover() throws Exception {
        Analysis a = analyze(GRAPH);
        assertNull(Hovers.hover(a, 0));
    }
}
