package dev.nnl.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;

/**
 * {@code nnlc --version}: {@code nnlc 0.2.0 (commit 1a2b3c4, built 2026-12-06)}, from what Maven
 * filtered into {@code nnl-version.properties} (cli/pom.xml). A build outside a git checkout (a
 * source tarball) has no commit; that, and a build whose git could not be read, prints
 * {@code commit unknown}.
 */
final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() throws IOException {
        Properties p = new Properties();
        try (InputStream in = Version.class.getResourceAsStream("/nnl-version.properties")) {
            if (in != null) {
                p.load(in);
            }
        }
        return new String[] {line(p)};
    }

    /** The line, from the properties of nnl-version.properties. */
    static String line(Properties p) {
        String commit = value(p, "commit");
        if (!commit.equals(UNKNOWN) && value(p, "dirty").equals("true")) {
            commit += "-dirty";
        }
        return "nnlc " + value(p, "version") + " (commit " + commit + ", built " + value(p, "built") + ")";
    }

    private static final String UNKNOWN = "unknown";

    /** The value, or {@code unknown} when it is missing or Maven left the placeholder (no git). */
    private static String value(Properties p, String key) {
        String v = p.getProperty(key, "").strip();
        return v.isEmpty() || v.contains("${") ? UNKNOWN : v;
    }
}
