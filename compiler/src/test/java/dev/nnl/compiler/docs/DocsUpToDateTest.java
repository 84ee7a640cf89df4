package dev.nnl.compiler.docs;

import dev.nnl.compiler.golden.Golden;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/diagnostics.md is what {@link DiagnosticDocs} generates; {@code -Dnnl.bless=true} rewrites it. */
class DocsUpToDateTest {
    @Test
    void diagnosticsReferenceIsCurrent() {
        Path dir = Golden.diagnosticsDir();
        if (Golden.blessing()) {
            // The page quotes the .out files: bring them up to date first, whatever order tests run in.
            for (Path f : Golden.nnlFiles(dir)) {
                Golden.assertGolden(Golden.sibling(dir, f, ".out"), Golden.check(f).rendered());
            }
        }
        Golden.assertGolden(Golden.repoRoot().resolve("docs/diagnostics.md"), DiagnosticDocs.markdown(dir));
    }
}
