package dev.nnl.sparkjob;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnl.runtime.Evaluation;
import dev.nnl.runtime.Nnl;
import dev.nnl.runtime.TrainedModel;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real commands on a Spark standalone cluster on 127.0.0.1: Spark's own Master and two
 * Workers (one core each) as separate JVMs, started once for all tests from Spark's jars
 * (spark/target/lib, as a Spark installation's jars/), and drivers run as a user runs them:
 * {@code ./nnlc train FILE --spark spark://127.0.0.1:PORT} and spark-submit with the job jar.
 * The executors get nnl from the job jar alone (their class path is Spark's). Every run trains
 * samples/fashion_mlp.nnl for 2 epochs on the bundled Fashion-MNIST sample with the same seed
 * and 2 workers, so every run, interrupted or not, must end at the first one's weights.
 * Everything binds to 127.0.0.1; every process started here is killed at the end, also when a
 * test fails.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StandaloneClusterIT {
    private static final Path REPO = Path.of(System.getProperty("nnl.repo", "..")).toAbsolutePath().normalize();
    private static final Path SAMPLE = REPO.resolve("samples/fashion_mlp.nnl");
    private static final Path JOB_JAR = REPO.resolve("spark-job/target/nnl-spark-job.jar");
    private static final Pattern TEST_ACCURACY = Pattern.compile("(?m)^Test: .*accuracy: ([0-9.]+)");
    /** Two epochs of this MLP reach ~0.80 on the test images; a run that learned nothing, 0.10. */
    private static final double ACCURACY_FLOOR = 0.75;
    private static final List<Process> STARTED = new ArrayList<>();
    private static final Random RANDOM = new Random();
    /**
     * The drivers' Spark settings: loopback only, no web UI, executors that fit the workers'
     * 1 GB, and on the executors the stack size the launcher gives nnlc.
     */
    private static final List<String> DRIVER_CONF = List.of("spark.driver.host=127.0.0.1", "spark.driver.bindAddress=127.0.0.1",
            "spark.ui.enabled=false", "spark.executor.memory=512m", "spark.executor.extraJavaOptions=-Xss16m");

    @TempDir
    static Path home;
    private static String master;
    /** The weights of the uninterrupted run (the first test's), which the others must end at. */
    private static float[] reference;

    @BeforeAll
    static void startCluster() throws Exception {
        assertEquals("", bash("source \"$1\" && changed_source", REPO.resolve("nnlc").toString()).strip(),
                "sources changed since the last package: ./nnlc would rebuild inside this build");
        assertTrue(Files.isRegularFile(JOB_JAR), JOB_JAR + " is built by package");
        // A Spark home for the workers, which build the executors' class path from it: jars/
        // (Spark's and nothing of nnl's), a RELEASE file, and SPARK_SCALA_VERSION in their environment.
        Path jars = Files.createDirectories(home.resolve("jars"));
        // spark/target/lib has SLF4J 1.7 (ND4J's, mediated) where Spark's own distribution has
        // SLF4J 2, which its log4j binding needs; the daemons' logs are what this test reads.
        List<Path> spark = new ArrayList<>();
        try (var lib = Files.list(REPO.resolve("spark/target/lib"))) {
            lib.filter(j -> !j.getFileName().toString().startsWith("slf4j-api-")).forEach(spark::add);
        }
        try (var slf4j = Files.list(REPO.resolve("spark-job/target/spark-slf4j"))) {
            slf4j.forEach(spark::add);
        }
        for (Path jar : spark) {
            Files.createSymbolicLink(jars.resolve(jar.getFileName()), jar);
        }
        Files.writeString(home.resolve("RELEASE"), "Spark from nnl's build (spark/target/lib)\n");
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        master = "spark://127.0.0.1:" + port;
        Process m = spark("master", "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port", "" + port, "--webui-port", "0");
        for (int i = 1; i <= 2; i++) {
            spark("worker" + i, "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1", "--cores", "1", "--memory", "1g",
                    "--webui-port", "0", "--work-dir", home.resolve("work" + i).toString(), master);
        }
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        // Spark's daemons log on standard error.
        while (count(home.resolve("master.err"), "Registering worker") < 2) {
            assertTrue(m.isAlive(), "the master runs: " + Files.readString(home.resolve("master.err")));
            assertTrue(System.nanoTime() < deadline, "two workers registered within 3 minutes");
            Thread.sleep(200);
        }
    }

    /** Starts one of Spark's daemons (or spark-submit) from the Spark home's jars. */
    private static Process spark(String name, String main, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(java(), "-Xmx256m", "-Dspark.master.rest.enabled=false"));
        cmd.addAll(List.of(System.getProperty("spark.opens", "").split(" ")));
        cmd.addAll(List.of("-cp", home.resolve("jars") + File.separator + "*", main));
        cmd.addAll(List.of(args));
        return start(name, cmd, false);
    }

    private static Process start(String name, List<String> command, boolean nnlc) throws IOException {
        List<String> cmd = new ArrayList<>(command);
        cmd.removeIf(String::isEmpty);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(REPO.toFile())
                .redirectOutput(home.resolve(name + ".log").toFile()).redirectError(home.resolve(name + ".err").toFile());
        pb.environment().put("SPARK_HOME", home.toString());
        pb.environment().put("SPARK_SCALA_VERSION", "2.13");
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        if (nnlc) {
            // nnlc takes Spark's settings as spark.* system properties (SparkConf's defaults).
            pb.environment().put("JAVA_TOOL_OPTIONS", String.join(" ", DRIVER_CONF.stream().map(c -> "-D" + c).toList()));
        }
        Process p = pb.start();
        synchronized (STARTED) {
            STARTED.add(p);
        }
        return p;
    }

    @AfterAll
    static void stopCluster() {
        for (Process p : STARTED) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        for (Process p : STARTED) {
            try {
                p.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** {@code ./nnlc train SAMPLE --spark MASTER --workers 2 --epochs 2 -o OUT ARGS…} as a process. */
    private static Process nnlcTrain(String name, Path out, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(REPO.resolve("nnlc").toString(), "train", SAMPLE.toString(), "--spark", master,
                "--workers", "2", "--epochs", "2", "-o", out.toString()));
        cmd.addAll(List.of(args));
        return start(name, cmd, true);
    }

    /**
     * {@code spark-submit --master MASTER --class NnlcOnSpark JOB_JAR train SAMPLE --workers 2
     * --epochs 2 -o OUT}, as bin/spark-submit runs it in client mode: SparkSubmit in a JVM
     * with Spark's jars, the nnlc launcher's stack size and Spark's JVM options for Java 17.
     */
    private static Process sparkSubmit(String name, Path out) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(java(), "-Xss16m"));
        cmd.addAll(List.of(System.getProperty("spark.opens", "").split(" ")));
        cmd.addAll(List.of("-cp", home.resolve("jars") + File.separator + "*", "org.apache.spark.deploy.SparkSubmit", "--master", master,
                "--class", NnlcOnSpark.class.getName()));
        DRIVER_CONF.forEach(c -> cmd.addAll(List.of("--conf", c)));
        // --workers: spark-submit gives standalone masters no executor count (--num-executors is for YARN and Kubernetes).
        cmd.addAll(List.of(JOB_JAR.toString(), "train", SAMPLE.toString(), "--workers", "2", "--epochs", "2", "-o", out.toString()));
        return start(name, cmd, false);
    }

    /**
     * The first run: {@code ./nnlc train --spark spark://…} on two executor JVMs reaches the
     * accuracy a single process reaches, and its artifact loads and evaluates to the accuracy
     * the run printed.
     */
    @Test
    @Order(1)
    void nnlcTrainsOnTheCluster(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("fashion.nnlz");
        Process p = nnlcTrain("train", out);
        String err = finish(p, "train");
        String stdout = Files.readString(home.resolve("train.log"));
        assertEquals(2, count(err, "Epoch \\d/2 - "), err);
        assertTrue(err.contains("Saved " + out), err);
        assertEquals(List.of(), warnings(err), "no warning in an undisturbed run");
        double printed = accuracy(stdout);
        TrainedModel m = Nnl.load(out);
        assertEquals(2, m.epochsTrained());
        Evaluation e = m.evaluate(w -> { });
        assertEquals(Evaluation.Source.TEST_SPLIT, e.source(), "the test images of the data folder, as the run's Test line");
        assertEquals(printed, e.scores().get("accuracy"), 1e-4, "the artifact evaluates to the run's Test line");
        reference = dev.nnl.runtime.artifact.Artifact.load(out).weights;
    }

    /**
     * An executor killed with SIGKILL at a random moment of epoch 2 (the last): one warning says which
     * worker failed and that the epoch runs again, the run finishes, and its artifact ends at the
     * uninterrupted run's weights (the rerun epoch repeats the same seeded steps).
     */
    @Test
    @Order(2)
    void aKilledExecutorCostsOneRerunEpoch(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("fashion.nnlz");
        Process p = nnlcTrain("kill-executor", out);
        Path err = home.resolve("kill-executor.err");
        waitFor(p, err, "Epoch 1/2 - ");
        long delay = 300 + RANDOM.nextInt(700);
        Thread.sleep(delay);
        int worker = 1 + RANDOM.nextInt(2);
        List<ProcessHandle> executors = STARTED.get(worker).descendants().filter(h -> h.info().commandLine().orElse("")
                .contains("CoarseGrainedExecutorBackend")).toList();
        assertEquals(1, executors.size(), "worker " + worker + " runs one executor");
        executors.get(0).destroyForcibly();
        String log = finish(p, "kill-executor");
        String when = " (executor of worker " + worker + " killed " + delay + " ms after epoch 1)";
        List<String> warnings = warnings(log);
        assertEquals(1, warnings.size(), "one warning about the failure" + when + ": " + log);
        assertTrue(warnings.get(0).matches("warning: epoch 2 failed on the cluster: worker [01] lost its executor \\d+ \\(.*\\); "
                + "running the epoch again from its start \\(attempt 2 of 4\\)"), warnings + when);
        assertEquals(2, count(log, "Epoch \\d/2 - "), log);
        assertSameWeights(out, when);
        assertTrue(accuracy(Files.readString(home.resolve("kill-executor.log"))) > ACCURACY_FLOOR);
    }

    /**
     * A driver (spark-submit with the job jar, the master from spark-submit) killed with SIGKILL at a random moment of epoch 2 leaves epoch 1's
     * artifact whole; {@code ./nnlc train --resume} on the cluster continues it to the end, at the
     * uninterrupted run's weights.
     */
    @Test
    @Order(3)
    void aKilledDriverResumes(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("fashion.nnlz");
        Process p = sparkSubmit("submit", out);
        Path err = home.resolve("submit.err");
        waitFor(p, err, "Epoch 1/2 - ");
        long delay = 300 + RANDOM.nextInt(700);
        Thread.sleep(delay);
        p.destroyForcibly();
        p.waitFor();
        String log = Files.readString(err);
        int finished = count(log, "Epoch \\d/2 - ");
        assertEquals(1, finished, "killed " + delay + " ms after epoch 1: " + log);
        assertEquals(finished, Nnl.load(out).epochsTrained(), "the artifact of epoch 1, the last finished");

        Process resumed = nnlcTrain("resume", out, "--resume", out.toString());
        String rlog = finish(resumed, "resume");
        assertTrue(rlog.contains("Epoch 2/2 - "), rlog);
        assertEquals(2, Nnl.load(out).epochsTrained());
        assertSameWeights(out, " (driver killed " + delay + " ms after epoch 1)");
    }

    private static void assertSameWeights(Path artifact, String when) throws Exception {
        assertNotNull(reference, "the uninterrupted run (the first test) ran");
        float[] w = dev.nnl.runtime.artifact.Artifact.load(artifact).weights;
        double worst = 0;
        for (int i = 0; i < w.length; i++) {
            worst = Math.max(worst, Math.abs(w[i] - reference[i]));
        }
        assertTrue(worst <= 1e-5, "largest weight difference from the uninterrupted run " + worst + when);
    }

    /**
     * Waits for the process to end with exit code 0; its standard error. (A run takes 1 to 5
     * minutes on this 2-core machine, as loaded; the limit only keeps a hung run from hanging the build.)
     */
    private static String finish(Process p, String name) throws Exception {
        boolean ended = p.waitFor(15, TimeUnit.MINUTES);
        String err = Files.readString(home.resolve(name + ".err"));
        assertTrue(ended, name + " ended within 15 minutes: " + err);
        assertEquals(0, p.exitValue(), err + Files.readString(home.resolve(name + ".log")));
        return err;
    }

    private static void waitFor(Process p, Path log, String text) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        while (!Files.readString(log).contains(text)) {
            assertTrue(p.isAlive(), "the driver runs: " + Files.readString(log));
            assertTrue(System.nanoTime() < deadline, "`" + text + "` within 10 minutes: " + Files.readString(log));
            Thread.sleep(20);
        }
    }

    private static double accuracy(String stdout) {
        Matcher m = TEST_ACCURACY.matcher(stdout);
        assertTrue(m.find(), "a Test line: " + stdout);
        double a = Double.parseDouble(m.group(1));
        assertTrue(a > ACCURACY_FLOOR, "test accuracy " + a);
        return a;
    }

    private static List<String> warnings(String err) {
        return err.lines().filter(l -> l.startsWith("warning:")).toList();
    }

    private static int count(String text, String regex) {
        return (int) Pattern.compile(regex).matcher(text).results().count();
    }

    private static long count(Path log, String text) throws IOException {
        return Files.exists(log) ? Files.readAllLines(log).stream().filter(l -> l.contains(text)).count() : 0;
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String bash(String script, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("bash", "-c", script, "bash"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(REPO.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        return out;
    }
}
