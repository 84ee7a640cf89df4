package dev.nnl.sparkjob;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/**
 * What package put into spark-job/target/nnl-spark-job.jar: nnl and its libraries with ND4J's
 * Linux x86-64 natives only, ServiceLoader files merged, nothing of Spark, Scala, Hadoop or
 * SLF4J (the cluster's), no signatures, and the main class spark-submit runs without --class.
 */
class JobJarIT {
    private static final Path JAR = Path.of(System.getProperty("nnl.repo", "..")).resolve("spark-job/target/nnl-spark-job.jar");

    @Test
    void holdsNnlAndLinuxNativesButNotTheClustersJars() throws Exception {
        try (JarFile jar = new JarFile(JAR.toFile())) {
            assertEquals(NnlcOnSpark.class.getName(), jar.getManifest().getMainAttributes().getValue("Main-Class"));
            for (String c : List.of("dev/nnl/cli/Main.class", "dev/nnl/spark/WorkerTask.class", "dev/nnl/runtime/Replica.class",
                    "dev/nnl/compiler/Compiler.class", "picocli/CommandLine.class", "org/nd4j/linalg/factory/Nd4j.class",
                    "org/nd4j/linalg/cpu/nativecpu/bindings/linux-x86_64/libnd4jcpu.so")) {
                assertNotNull(jar.getEntry(c), c);
            }
            List<String> names = jar.stream().map(ZipEntry::getName).toList();
            List<String> foreign = names.stream().filter(n -> n.startsWith("org/apache/spark/") || n.startsWith("scala/")
                    || n.startsWith("org/apache/hadoop/") || n.startsWith("org/slf4j/") || n.matches("META-INF/[^/]*\\.(SF|RSA|DSA|EC)")).toList();
            assertEquals(List.of(), foreign, "the cluster's jars and signatures stay out");
            List<String> otherNatives = names.stream().filter(n -> n.matches("org/(nd4j|bytedeco)/.*/(linux|macosx|windows|android|ios)-[^/]+/.*")
                    && !n.contains("/linux-x86_64/")).toList();
            assertEquals(List.of(), otherNatives, "ND4J's and JavaCPP's natives for Linux x86-64 only");
            String backends = text(jar, "META-INF/services/org.nd4j.linalg.factory.Nd4jBackend");
            assertTrue(backends.contains("org.nd4j.linalg.cpu.nativecpu.CpuBackend"), backends);
            assertTrue(text(jar, "META-INF/services/dev.nnl.runtime.DataParallel$Provider").contains("dev.nnl.spark.SparkProvider"));
        }
    }

    private static String text(JarFile jar, String entry) throws Exception {
        ZipEntry e = jar.getEntry(entry);
        assertNotNull(e, entry);
        try (var in = jar.getInputStream(e)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
