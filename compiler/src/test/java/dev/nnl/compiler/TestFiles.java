package dev.nnl.compiler;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Paths and blessing shared by the tests that compare against committed files. */
public final class TestFiles {
    private TestFiles() {
    }

    /** The repository root: tests run with the module directory as working directory. */
    public static Path repoRoot() {
        Path here = Path.of("").toAbsolutePath();
        return Files.exists(here.resolve("samples")) ? here : here.getParent();
    }

    /** True when {@code -Dnnl.bless=true}: expected files are rewritten instead of compared. */
    public static boolean bless() {
        return Boolean.getBoolean("nnl.bless");
    }

    public static String read(Path p) throws IOException {
        return Files.readString(p, StandardCharsets.UTF_8);
    }

    /** Writes the expected file when blessing; returns its (possibly new) contents. */
    public static String expected(Path p, String actual) throws IOException {
        if (bless()) {
            Files.createDirectories(p.getParent());
            Files.writeString(p, actual, StandardCharsets.UTF_8);
        }
        return Files.exists(p) ? read(p) : "";
    }
}
