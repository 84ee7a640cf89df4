package dev.nnl.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;

/** {@code nnlc --version}: the version Maven filtered into the jar. */
final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() throws IOException {
        Properties p = new Properties();
        try (InputStream in = Version.class.getResourceAsStream("/nnl-version.properties")) {
            if (in != null) {
                p.load(in);
            }
        }
        return new String[] {"nnlc " + p.getProperty("version", "unknown")};
    }
}
