package dev.nnl.compiler.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnl.compiler.diag.Code;
import dev.nnl.compiler.diag.Diagnostic;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every diagnostic pinned: each {@code golden/diagnostics/NNLxxxx-name.nnl} compiles to exactly the
 * human rendering in its {@code .out}. Re-bless with {@code -Dnnl.bless=true}.
 */
class GoldenDiagnosticsTest {
    private static final List<Path> EXAMPLES = Golden.nnlFiles(Golden.diagnosticsDir());

    @TestFactory
    Stream<DynamicTest> eachExampleRendersAsRecorded() {
        return EXAMPLES.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(),
                () -> Golden.assertGolden(Golden.sibling(f.getParent(), f, ".out"), Golden.check(f).rendered())));
    }

    @TestFactory
    Stream<DynamicTest> eachExampleShowsTheCodeInItsName() {
        return EXAMPLES.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> {
            String name = f.getFileName().toString();
            assertTrue(name.matches("NNL\\d{4}-[a-z0-9]+(-[a-z0-9]+)*\\.nnl"), name + ": expected NNLxxxx-short-name.nnl");
            Code code = Code.lookup(name.substring(0, 7));
            assertTrue(code != null, name + ": no such code");
            assertTrue(Golden.check(f).diagnostics().stream().anyMatch(d -> d.code() == code),
                    name + " does not report " + code.id());
            String firstLine = new String(Golden.read(f), StandardCharsets.ISO_8859_1).lines().findFirst().orElse("");
            assertTrue(firstLine.startsWith("// "), name + ": the first line should be a `//` comment saying what mistake it shows");
        }));
    }

    /** A recorded output whose example was renamed or removed; blessing deletes it. */
    @Test
    void everyOutputHasAnExample() throws IOException {
        List<Path> orphans;
        try (Stream<Path> files = Files.list(Golden.diagnosticsDir())) {
            orphans = files.filter(f -> f.getFileName().toString().endsWith(".out"))
                    .filter(f -> !EXAMPLES.contains(Golden.sibling(f.getParent(), f, ".nnl"))).sorted().toList();
        }
        if (Golden.blessing()) {
            for (Path f : orphans) {
                Files.delete(f);
            }
            return;
        }
        assertEquals(List.of(), orphans, ".out files without their .nnl");
    }

    /** Adding a code to the catalog without an example fails the build. */
    @Test
    void everyCodeHasAnExample() {
        Set<Code> shown = EnumSet.noneOf(Code.class);
        for (Path f : EXAMPLES) {
            String prefix = f.getFileName().toString().substring(0, 7);
            for (Diagnostic d : Golden.check(f).diagnostics()) {
                if (d.code().id().equals(prefix)) {
                    shown.add(d.code());
                }
            }
        }
        List<String> missing = new ArrayList<>();
        for (Code c : Code.values()) {
            if (!shown.contains(c)) {
                missing.add(c.id() + " (" + c.name() + ")");
            }
        }
        assertEquals(List.of(), missing, "codes without a golden example in " + Golden.diagnosticsDir());
    }
}
