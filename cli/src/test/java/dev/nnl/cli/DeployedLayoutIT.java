package dev.nnl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * What `mvn verify` deployed into the deploy-test repository (the parent pom's deploy-test-repo
 * execution; docs/releasing.md, "The deploy test"): the files and POMs Maven Central would get.
 * Runs after package, when the published modules (bom, grammar, compiler, runtime) have deployed.
 */
class DeployedLayoutIT {
    static final Path REPO = Path.of(System.getProperty("nnl.deployTestRepo"));
    static final String VERSION = System.getProperty("nnl.version");
    static final Path GROUP = REPO.resolve("dev/nnl");
    static final List<String> JARS = List.of("nnl-grammar", "nnl-compiler", "nnl-runtime");

    @Test
    void onlyThePublishedArtifactsAreDeployed() throws IOException {
        TreeSet<String> deployed = new TreeSet<>();
        try (Stream<Path> s = Files.list(GROUP)) {
            s.filter(Files::isDirectory).forEach(p -> deployed.add(p.getFileName().toString()));
        }
        assertEquals(new TreeSet<>(List.of("nnl-bom", "nnl-compiler", "nnl-grammar", "nnl-runtime")), deployed);
    }

    @Test
    void eachJarHasItsPomSourcesAndJavadocWithChecksumsAndMetadata() throws Exception {
        for (String artifact : JARS) {
            Map<String, Path> files = deployedFiles(artifact);
            for (String kind : List.of("pom", "jar", "sources.jar", "javadoc.jar")) {
                assertTrue(files.containsKey(kind), artifact + " has no " + kind + ": " + files.keySet());
                assertChecksums(files.get(kind));
            }
            String dir = artifact.substring("nnl-".length());
            assertTrue(hasEntry(files.get("jar"), e -> e.startsWith("dev/nnl/") && e.endsWith(".class")), artifact + " classes");
            assertTrue(hasEntry(files.get("sources.jar"), e -> e.startsWith("dev/nnl/" + dir + "/") && e.endsWith(".java")),
                    artifact + " sources");
            assertTrue(hasEntry(files.get("javadoc.jar"), e -> e.equals("index.html")), artifact + " javadoc");
            Path metadata = GROUP.resolve(artifact).resolve("maven-metadata.xml");
            assertChecksums(metadata);
            assertTrue(Files.readString(metadata).contains("<version>" + VERSION + "</version>"), metadata.toString());
        }
        // The runtime's Javadoc is its API, not the ONNX classes protoc generates (runtime/pom.xml).
        assertTrue(hasEntry(deployedFiles("nnl-runtime").get("javadoc.jar"), e -> e.equals("dev/nnl/runtime/Nnl.html")));
        assertFalse(hasEntry(deployedFiles("nnl-runtime").get("javadoc.jar"), e -> e.contains("onnx/proto/")));
    }

    @Test
    void pomsCarryCentralsMetadataAndNothingOfTheBuild() throws Exception {
        String home = home();
        for (String artifact : List.of("nnl-bom", "nnl-grammar", "nnl-compiler", "nnl-runtime")) {
            Path pom = deployedFiles(artifact).get("pom");
            assertChecksums(pom);
            String text = Files.readString(pom);
            assertFalse(text.contains("${"), pom + " has an unresolved property");
            Element project = parse(pom).getDocumentElement();
            String what = pom.getFileName().toString();
            assertEquals(artifact, text(project, "artifactId"), what);
            assertEquals(VERSION, text(project, "version"), what);
            assertFalse(text(project, "name").isEmpty(), what + " name");
            assertFalse(text(project, "description").isEmpty(), what + " description");
            assertEquals(home, text(project, "url"), what);
            assertEquals("Apache License, Version 2.0", text(child(child(project, "licenses"), "license"), "name"), what);
            assertEquals("The nnl authors", text(child(child(project, "developers"), "developer"), "name"), what);
            Element scm = child(project, "scm");
            assertEquals(home, text(scm, "url"), what);
            assertEquals("scm:git:" + home + ".git", text(scm, "connection"), what);
            // Flattened (docs/releasing.md): a consumer reads this one file, no parent to fetch.
            for (String absent : List.of("parent", "build", "properties", "modules", "profiles")) {
                assertEquals(null, child(project, absent), what + " has <" + absent + ">");
            }
            Element deps = child(project, "dependencies");
            for (Element d : deps == null ? List.<Element>of() : children(deps, "dependency")) {
                String dep = text(d, "groupId") + ":" + text(d, "artifactId");
                assertFalse(text(d, "version").isEmpty(), what + ": " + dep + " has no version");
                assertFalse("test".equals(text(d, "scope")), what + ": test dependency " + dep);
                if (text(d, "groupId").equals("dev.nnl")) {
                    assertEquals(VERSION, text(d, "version"), what + ": " + dep);
                }
            }
        }
        assertTrue(Files.readString(deployedFiles("nnl-runtime").get("pom")).contains("<artifactId>nnl-compiler</artifactId>"));
    }

    @Test
    void theBomManagesExactlyThePublishedJars() throws Exception {
        Element project = parse(deployedFiles("nnl-bom").get("pom")).getDocumentElement();
        assertEquals("pom", text(project, "packaging"));
        List<String> managed = new ArrayList<>();
        for (Element d : children(child(child(project, "dependencyManagement"), "dependencies"), "dependency")) {
            assertEquals("dev.nnl", text(d, "groupId"));
            assertEquals(VERSION, text(d, "version"), text(d, "artifactId"));
            managed.add(text(d, "artifactId"));
        }
        assertEquals(JARS, managed);
    }

    /** The home the parent pom names (nnl.home), which every POM's url and SCM come from. */
    private static String home() throws IOException {
        Matcher m = Pattern.compile("<nnl.home>([^<]+)</nnl.home>")
                .matcher(Files.readString(TrainCliTest.REPO.resolve("pom.xml")));
        assertTrue(m.find());
        return m.group(1);
    }

    /**
     * The newest deployed file of each kind ({@code pom}, {@code jar}, {@code sources.jar},
     * {@code javadoc.jar}, …): a snapshot's file names carry the deploy's timestamp and build
     * number, which the version's maven-metadata.xml lists; a release's are plain.
     */
    static Map<String, Path> deployedFiles(String artifact) throws Exception {
        Path dir = GROUP.resolve(artifact).resolve(VERSION);
        Map<String, Path> files = new LinkedHashMap<>();
        if (!VERSION.endsWith("-SNAPSHOT")) {
            try (Stream<Path> s = Files.list(dir)) {
                s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".jar") || n.endsWith(".pom"))
                        .forEach(n -> files.put(kind(n.substring((artifact + "-" + VERSION).length())), dir.resolve(n)));
            }
            return files;
        }
        Path metadata = dir.resolve("maven-metadata.xml");
        assertChecksums(metadata);
        Element versioning = child(parse(metadata).getDocumentElement(), "versioning");
        for (Element v : children(child(versioning, "snapshotVersions"), "snapshotVersion")) {
            String classifier = text(v, "classifier");
            String suffix = (classifier.isEmpty() ? "" : "-" + classifier) + "." + text(v, "extension");
            files.put(kind(suffix), dir.resolve(artifact + "-" + text(v, "value") + suffix));
        }
        return files;
    }

    /** "-sources.jar" to "sources.jar", ".pom" to "pom". */
    private static String kind(String suffix) {
        return suffix.substring(1);
    }

    /** The file exists, and its .md5 and .sha1 files hold its digests. */
    static void assertChecksums(Path file) throws Exception {
        assertTrue(Files.isRegularFile(file), file + " is missing");
        byte[] bytes = Files.readAllBytes(file);
        for (String algorithm : List.of("MD5", "SHA-1")) {
            Path sum = file.resolveSibling(file.getFileName() + "." + algorithm.replace("-", "").toLowerCase());
            assertTrue(Files.isRegularFile(sum), sum + " is missing");
            String expected = HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
            assertEquals(expected, Files.readString(sum).strip().split("\\s+")[0], sum.toString());
        }
    }

    private static boolean hasEntry(Path jar, java.util.function.Predicate<String> name) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            return zip.stream().anyMatch(e -> name.test(e.getName()));
        }
    }

    private static Document parse(Path xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(false);
        try (InputStream in = Files.newInputStream(xml)) {
            return f.newDocumentBuilder().parse(in);
        }
    }

    private static Element child(Element parent, String name) {
        if (parent == null) {
            return null;
        }
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e;
            }
        }
        return null;
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                out.add(e);
            }
        }
        return out;
    }

    /** The child element's text, or "" when there is none. */
    private static String text(Element parent, String name) {
        Element e = child(parent, name);
        return e == null ? "" : e.getTextContent().strip();
    }
}
