package dev.nnl.compiler.diag.render;

import static dev.nnl.compiler.diag.render.Fixtures.NET;
import static dev.nnl.compiler.diag.render.Fixtures.error;
import static dev.nnl.compiler.diag.render.Fixtures.inputRank;
import static dev.nnl.compiler.diag.render.Fixtures.spanOf;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nnl.compiler.diag.Code;
import dev.nnl.compiler.diag.Diagnostic;
import dev.nnl.compiler.diag.Severity;
import dev.nnl.compiler.source.SourceFile;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonRendererTest {
    private final JsonRenderer compact = new JsonRenderer();

    @Test
    void errorWithHelpCompactOnOneLine() {
        SourceFile f = SourceFile.of("samples/bad.nnl", NET);
        String json = compact.render(List.of(new FileDiagnostics("samples/bad.nnl",
                List.of(inputRank(spanOf(f, "Dense(10)"))))));
        assertEquals("{\"files\":[{\"file\":\"samples/bad.nnl\",\"diagnostics\":[{\"severity\":\"error\","
                + "\"code\":\"NNL3001\",\"message\":\"`Dense` expects 2D input (batch, features), found (None, 26, 26, 32)\","
                + "\"range\":{\"start\":{\"line\":3,\"character\":4},\"end\":{\"line\":3,\"character\":13}},"
                + "\"related\":[],\"help\":\"add `Flatten()` before `Dense`\"}]}]}\n", json);
    }

    @Test
    void warningWithoutHelpOmitsTheKey() {
        SourceFile f = SourceFile.of("a.nnl", NET);
        Diagnostic d = new Diagnostic(Severity.WARNING, Code.UNUSED_NAME, "`x` is never used",
                spanOf(f, "x"), List.of(), null);
        assertEquals("{\"files\":[{\"file\":\"a.nnl\",\"diagnostics\":[{\"severity\":\"warning\",\"code\":\"NNL2011\","
                + "\"message\":\"`x` is never used\",\"range\":{\"start\":{\"line\":1,\"character\":10},"
                + "\"end\":{\"line\":1,\"character\":11}},\"related\":[]}]}]}\n",
                compact.render(List.of(new FileDiagnostics("a.nnl", List.of(d)))));
    }

    @Test
    void crlfPositions() {
        SourceFile f = SourceFile.of("w.nnl", "model Net {\r\n\r\n    Dense(10, units=3)\r\n}\r\n");
        assertEquals("{\"files\":[{\"file\":\"w.nnl\",\"diagnostics\":[{\"severity\":\"error\",\"code\":\"NNL1003\","
                + "\"message\":\"bad\",\"range\":{\"start\":{\"line\":2,\"character\":14},"
                + "\"end\":{\"line\":2,\"character\":19}},\"related\":[]}]}]}\n",
                compact.render(List.of(new FileDiagnostics("w.nnl", List.of(error(spanOf(f, "units"), "bad"))))));
    }

    @Test
    void charactersAreUtf16Units() {
        // tab, `x = "`, é, 😀 (two UTF-16 units), `"; ` : 12 UTF-16 units before the span.
        SourceFile f = SourceFile.of("u.nnl", "model Net {\n\tx = \"é😀\"; Dense(10)\n}\n");
        assertEquals("{\"files\":[{\"file\":\"u.nnl\",\"diagnostics\":[{\"severity\":\"error\",\"code\":\"NNL1003\","
                + "\"message\":\"bad\",\"range\":{\"start\":{\"line\":1,\"character\":12},"
                + "\"end\":{\"line\":1,\"character\":17}},\"related\":[]}]}]}\n",
                compact.render(List.of(new FileDiagnostics("u.nnl", List.of(error(spanOf(f, "Dense"), "bad"))))));
    }

    @Test
    void relatedNotesAndPrettyPrinting() {
        SourceFile f = SourceFile.of("d.nnl", NET);
        SourceFile lib = SourceFile.of("lib.nnl", "block Dense {\n}\n");
        Diagnostic d = new Diagnostic(Severity.ERROR, Code.DUPLICATE_NAME, "`Dense` is already defined",
                spanOf(f, "Dense"), List.of(new Diagnostic.Related(spanOf(lib, "Dense"), "first <defined> = here")),
                null);
        assertEquals("""
                {
                  "files": [
                    {
                      "file": "d.nnl",
                      "diagnostics": [
                        {
                          "severity": "error",
                          "code": "NNL2010",
                          "message": "`Dense` is already defined",
                          "range": {
                            "start": {
                              "line": 3,
                              "character": 4
                            },
                            "end": {
                              "line": 3,
                              "character": 9
                            }
                          },
                          "related": [
                            {
                              "message": "first <defined> = here",
                              "range": {
                                "start": {
                                  "line": 0,
                                  "character": 6
                                },
                                "end": {
                                  "line": 0,
                                  "character": 11
                                }
                              },
                              "file": "lib.nnl"
                            }
                          ]
                        }
                      ]
                    }
                  ]
                }
                """, new JsonRenderer(true).render(List.of(new FileDiagnostics("d.nnl", List.of(d)))));
    }

    @Test
    void filesAndDiagnosticsKeepTheirOrder() {
        SourceFile a = SourceFile.of("z.nnl", "ab\n");
        SourceFile b = SourceFile.of("a.nnl", "");
        String json = compact.render(List.of(
                new FileDiagnostics("z.nnl", List.of(error(a.span(1, 2), "late"), error(a.span(0, 1), "early"))),
                new FileDiagnostics("a.nnl", List.of(error(b.span(0, 0), "empty"))),
                new FileDiagnostics("clean.nnl", List.of())));
        assertEquals("{\"files\":["
                + "{\"file\":\"z.nnl\",\"diagnostics\":["
                + "{\"severity\":\"error\",\"code\":\"NNL1003\",\"message\":\"late\",\"range\":{\"start\":{\"line\":0,\"character\":1},\"end\":{\"line\":0,\"character\":2}},\"related\":[]},"
                + "{\"severity\":\"error\",\"code\":\"NNL1003\",\"message\":\"early\",\"range\":{\"start\":{\"line\":0,\"character\":0},\"end\":{\"line\":0,\"character\":1}},\"related\":[]}]},"
                + "{\"file\":\"a.nnl\",\"diagnostics\":["
                + "{\"severity\":\"error\",\"code\":\"NNL1003\",\"message\":\"empty\",\"range\":{\"start\":{\"line\":0,\"character\":0},\"end\":{\"line\":0,\"character\":0}},\"related\":[]}]},"
                + "{\"file\":\"clean.nnl\",\"diagnostics\":[]}]}\n", json);
    }
}
