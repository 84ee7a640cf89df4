package dev.nnl.apitest;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/java-api.md shows real code: its ```java blocks, in order, compile against this build's API
 * as one method body (their import lines gathered at the top), so a changed signature cannot
 * leave the guide behind. Running them is {@link JavaApiTest}'s job.
 */
class JavaApiDocTest {
    static final Path DOC = Path.of("").toAbsolutePath().getParent().resolve("docs/java-api.md");
    private static final Pattern JAVA = Pattern.compile("(?m)^```java\\n(.*?)^```", Pattern.DOTALL);

    @Test
    void javaBlocksCompileAgainstTheApi(@TempDir Path dir) throws IOException {
        StringBuilder imports = new StringBuilder();
        StringBuilder body = new StringBuilder();
        int blocks = 0;
        Matcher m = JAVA.matcher(Files.readString(DOC));
        while (m.find()) {
            blocks++;
            for (String line : m.group(1).split("\n")) {
                (line.startsWith("import ") ? imports : body).append(line).append('\n');
            }
        }
        assertTrue(blocks >= 10, "found only " + blocks + " java blocks in " + DOC);
        String source = imports + "\nclass Snippets {\n    static void all() throws Exception {\n" + body + "    }\n}\n";
        Path file = dir.resolve("Snippets.java");
        Files.writeString(file, source);

        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        // Surefire runs tests from a manifest-only jar; the real class path is in this property.
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        StringWriter errors = new StringWriter();
        try (StandardJavaFileManager files = javac.getStandardFileManager(null, null, StandardCharsets.UTF_8)) {
            List<String> options = List.of("-classpath", classPath, "-d", dir.toString(), "-proc:none");
            boolean ok = javac.getTask(errors, files, null, options, null, files.getJavaFileObjects(file)).call();
            assertTrue(ok, errors + "\nin the code gathered from " + DOC + ":\n" + numbered(source));
        }
    }

    private static String numbered(String source) {
        StringBuilder s = new StringBuilder();
        String[] lines = source.split("\n");
        for (int i = 0; i < lines.length; i++) {
            s.append(String.format("%4d  %s%n", i + 1, lines[i]));
        }
        return s.toString();
    }
}
