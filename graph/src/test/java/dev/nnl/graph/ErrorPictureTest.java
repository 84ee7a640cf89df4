package dev.nnl.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnl.compiler.Compilation;
import dev.nnl.compiler.Compiler;
import dev.nnl.compiler.source.SourceFile;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A model with an error is drawn up to the failing layer, which is a red box with the diagnostic as its tooltip. */
class ErrorPictureTest {
    private static final String BAD = """
            model Bad {
                input x: (10)
                Dense(8, activation=relu)
                Conv2D(4, 3)
                Dense(2)
            }
            """;

    @Test
    void theLayersBeforeTheErrorAreDrawnAndTheFailingOneIsRed() throws Exception {
        Compilation c = Compiler.compile(SourceFile.of("bad.nnl", BAD));
        assertTrue(c.hasErrors());
        Diagram d = Diagrams.of(c, "Bad", DiagramOptions.DEFAULT);
        assertEquals(List.of("x", "dense", Diagrams.ERROR_ID), d.boxes().stream().map(Diagram.Box::id).toList());
        Diagram.Box error = d.boxes().get(2);
        assertEquals(Diagram.Kind.ERROR, error.kind());
        assertEquals("Conv2D(4, 3)", error.shape());
        assertTrue(error.tooltip().startsWith("bad.nnl:4:5: `Conv2D` expects 4D input"), error.tooltip());
        assertEquals(List.of(new Diagram.Edge("x", "dense", ""), new Diagram.Edge("dense", Diagrams.ERROR_ID, "")), d.edges());

        SvgStructure svg = SvgStructure.parse(SvgWriter.write(d, DiagramOptions.DEFAULT));
        SvgStructure.Item box = svg.boxes().get(2);
        assertEquals("box error", box.classes());
        assertTrue(SvgWriter.write(d, DiagramOptions.DEFAULT).contains("<title>bad.nnl:4:5: `Conv2D` expects 4D input"));
        Geometry.assertReadable(svg);
        assertTrue(DotWriter.write(d, DiagramOptions.DEFAULT).contains("\"error\" [label=\"error\\nConv2D(4, 3)\", fillcolor=\"#ffcdd2\""));
    }

    @Test
    void aFileThatDoesNotParseIsOneRedBox() {
        Compilation c = Compiler.compile(SourceFile.of("broken.nnl", "model {\n"));
        Diagram d = Diagrams.of(c, c.modelNames().isEmpty() ? null : c.modelNames().get(0), DiagramOptions.DEFAULT);
        assertEquals(1, d.boxes().stream().filter(b -> b.kind() == Diagram.Kind.ERROR).count());
    }
}
