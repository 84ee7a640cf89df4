package dev.nnl.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nnl.compiler.docs.LayerDocs;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Generated docs must match the registry; {@code -Dnnl.bless=true} regenerates them. */
class DocsTest {
    @Test
    void layerReferenceIsUpToDate() throws IOException {
        Path p = TestFiles.repoRoot().resolve("docs/layers.md");
        String actual = LayerDocs.markdown();
        assertEquals(TestFiles.expected(p, actual), actual,
                "docs/layers.md is stale: run `mvn -pl compiler test -Dnnl.bless=true`");
    }
}
