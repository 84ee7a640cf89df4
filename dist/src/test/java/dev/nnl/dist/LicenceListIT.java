package dev.nnl.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnl.dist.Installs.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * share/doc/THIRD-PARTY.txt (dist/pom.xml, license-maven-plugin) names every third-party jar the
 * full archive ships, with a licence: a jar added to lib/ some other way (a stale file, a copy by
 * hand) would be shipped without one and fails here.
 */
class LicenceListIT {
    /** {@code (Licence) Name (group:artifact:version - url)}, one line per library. */
    private static final Pattern ENTRY = Pattern.compile("^\\s*\\((.+?)\\) .* \\(([^:\\s]+):([^:\\s]+):(\\S+) - .*\\)\\s*$");

    @Test
    void everyJarOfTheArchiveHasItsLicenceListed(@TempDir Path tmp) throws Exception {
        Run listing = Installs.run(tmp, tmp, Map.of(), null, "tar", "-tzf", Installs.full().toString());
        assertEquals(0, listing.code(), listing.err());
        String prefix = "nnlc-" + Installs.VERSION + "/";
        List<String> jars = listing.out().lines().filter(l -> l.startsWith(prefix + "lib/") && l.endsWith(".jar"))
                .map(l -> l.substring(l.lastIndexOf('/') + 1)).filter(n -> !n.startsWith("nnl-")).toList();
        assertTrue(jars.size() > 50, "the archive's third-party jars: " + jars);
        assertTrue(listing.out().lines().anyMatch(l -> l.equals(prefix + "share/doc/THIRD-PARTY.txt")), "the list is in the archive");

        List<String> entries = new ArrayList<>();
        for (String line : Files.readAllLines(Installs.DIST.resolve("licences/THIRD-PARTY.txt"))) {
            Matcher m = ENTRY.matcher(line);
            if (m.matches()) {
                assertTrue(!m.group(1).isBlank(), line);
                // artifact-version: the jar's name, before any classifier (nd4j-native-…-linux-x86_64.jar).
                entries.add(m.group(3) + "-" + m.group(4));
            }
        }
        List<String> unlisted = jars.stream()
                .filter(jar -> entries.stream().noneMatch(e -> jar.equals(e + ".jar") || jar.startsWith(e + "-"))).toList();
        assertEquals(List.of(), unlisted, "jars in lib/ without a licence in THIRD-PARTY.txt");
    }
}
