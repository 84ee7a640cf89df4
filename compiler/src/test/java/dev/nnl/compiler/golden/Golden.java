package dev.nnl.compiler.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nnl.compiler.Compilation;
import dev.nnl.compiler.Compiler;
import dev.nnl.compiler.ModelSelection;
import dev.nnl.compiler.diag.Diagnostic;
import dev.nnl.compiler.diag.render.HumanRenderer;
import dev.nnl.compiler.docs.DiagnosticDocs;
import dev.nnl.compiler.source.SourceFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * What the golden tests share: where the files are, how a golden example is compiled and
 * rendered, and how expected output is compared or (with {@code -Dnnl.bless=true}) rewritten.
 */
public final class Golden {
    private Golden() {
    }

    /** The repository root: the nearest folder above the working directory with {@code samples/}. */
    public static Path repoRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !(Files.isDirectory(p.resolve("samples")) && Files.exists(p.resolve("pom.xml")))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("no repository root (a folder with samples/ and pom.xml) above " + Path.of("").toAbsolutePath());
        }
        return p;
    }

    public static Path diagnosticsDir() {
        return repoRoot().resolve("compiler/src/test/resources/golden/diagnostics");
    }

    static Path summaryDir() {
        return repoRoot().resolve("compiler/src/test/resources/golden/summary");
    }

    /** Whether this run rewrites expected files instead of comparing with them. */
    public static boolean blessing() {
        return Boolean.getBoolean("nnl.bless");
    }

    /** The top-level {@code .nnl} files of a folder, by name (helpers in subfolders are left out). */
    public static List<Path> nnlFiles(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> Files.isRegularFile(f) && f.getFileName().toString().endsWith(".nnl")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One golden example checked: its diagnostics and their human rendering, without colour. */
    public record Result(Compilation compilation, List<Diagnostic> diagnostics, String rendered) {
    }

    /**
     * Compiles an example as {@code nnlc check NAME} would from its folder: the reported name is the
     * bare file name. With a {@link DiagnosticDocs#AS_SUMMARY} line, the model choice of {@code nnlc summary} is
     * added, as the command does.
     */
    public static Result check(Path file) {
        byte[] bytes = read(file);
        SourceFile source = SourceFile.decode(file.getFileName().toString(), file, bytes);
        Compilation c = Compiler.compile(source);
        List<Diagnostic> diagnostics = new ArrayList<>(c.diagnostics());
        if (source.text().lines().anyMatch(l -> l.strip().equals(DiagnosticDocs.AS_SUMMARY))) {
            ModelSelection.Result chosen = ModelSelection.select(c, null);
            if (chosen.problem() != null) {
                diagnostics.add(chosen.problem());
            }
        }
        return new Result(c, diagnostics, new HumanRenderer(false).render(diagnostics));
    }

    /** Asserts {@code actual} equals the file's text, or rewrites the file when blessing. */
    public static void assertGolden(Path expectedFile, String actual) {
        if (blessing()) {
            write(expectedFile, actual);
            return;
        }
        String expected = Files.exists(expectedFile) ? new String(read(expectedFile), StandardCharsets.UTF_8) : null;
        assertEquals(expected, actual, () -> expectedFile + " differs (after a deliberate change, re-bless with "
                + "mvn -B test -pl compiler -am -Dnnl.bless=true and review the diff)");
    }

    static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code name.nnl} → {@code name.EXT} in {@code dir} (and back: any extension is replaced). */
    public static Path sibling(Path dir, Path file, String ext) {
        String name = file.getFileName().toString();
        return dir.resolve(name.substring(0, name.lastIndexOf('.')) + ext);
    }
}
