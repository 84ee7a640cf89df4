package dev.nnl.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnl.runtime.CompiledModel;
import dev.nnl.runtime.FitOptions;
import dev.nnl.runtime.FitResult;
import dev.nnl.runtime.Nnl;
import dev.nnl.runtime.train.TrainingListener;
import java.io.File;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Spark standalone cluster on 127.0.0.1: Spark's own Master and two Workers (one core each) as
 * separate JVMs from this test's class path, so the executors are separate JVMs too and the
 * gradients move between them over the block transfer service. Everything binds to 127.0.0.1
 * (SPARK_LOCAL_IP, which the web UIs also bind to; the master's REST server is off), and every
 * process is stopped at the end, also when a test fails. About two minutes on a 2-core machine,
 * most of it the executors' start.
 */
class StandaloneClusterTest {
    private static final List<Process> STARTED = new ArrayList<>();
    @TempDir
    static Path home;
    private static int port;
    private static String directories;

    @BeforeAll
    static void startCluster() throws Exception {
        // A Spark home for the workers, which build the executors' class path from it: jars/
        // (this class path's jars), a RELEASE file, and SPARK_SCALA_VERSION in their environment.
        Path jars = Files.createDirectories(home.resolve("jars"));
        List<String> dirs = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path p = Path.of(entry);
            if (Files.isDirectory(p)) {
                dirs.add(p.toString());
            } else if (Files.isRegularFile(p) && !Files.exists(jars.resolve(p.getFileName()))) {
                Files.createSymbolicLink(jars.resolve(p.getFileName()), p);
            }
        }
        directories = String.join(File.pathSeparator, dirs);
        Files.writeString(home.resolve("RELEASE"), "Spark from nnl's test class path\n");
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Process master = start("master", "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port", "" + port,
                "--webui-port", "0");
        for (int i = 1; i <= 2; i++) {
            start("worker" + i, "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1", "--cores", "1", "--memory", "1g",
                    "--webui-port", "0", "--work-dir", home.resolve("work" + i).toString(), "spark://127.0.0.1:" + port);
        }
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (count(home.resolve("master.log"), "Registering worker") < 2) {
            assertTrue(master.isAlive(), "the master runs: " + Files.readString(home.resolve("master.log")));
            assertTrue(System.nanoTime() < deadline, "two workers registered within 3 minutes");
            Thread.sleep(500);
        }
    }

    private static Process start(String name, String main, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-Dspark.master.rest.enabled=false"));
        cmd.addAll(List.of(System.getProperty("spark.opens", "").split(" ")));
        cmd.addAll(List.of("-cp", home.resolve("jars") + File.separator + "*", main));
        cmd.addAll(List.of(args));
        cmd.removeIf(String::isEmpty);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(home.resolve(name + ".log").toFile());
        pb.environment().put("SPARK_HOME", home.toString());
        pb.environment().put("SPARK_SCALA_VERSION", "2.13");
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        Process p = pb.start();
        synchronized (STARTED) {
            STARTED.add(p);
        }
        return p;
    }

    private static long count(Path log, String text) throws Exception {
        return Files.exists(log) ? Files.readAllLines(log).stream().filter(l -> l.contains(text)).count() : 0;
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

    private static SparkConf conf() {
        return SparkTrainingTest.loopback().set("spark.executor.memory", "512m").set("spark.executor.extraClassPath", directories)
                .set("spark.executor.extraJavaOptions", "-Xss16m");
    }

    /**
     * Two executors, one killed with SIGKILL while epoch 2 runs: the epoch runs again and the run
     * ends with the weights an uninterrupted single process reaches, within 1e-5.
     */
    @Test
    void trainsOnTwoExecutorsAndSurvivesAKilledOne(@TempDir Path dir) throws Exception {
        Path file = SparkTrainingTest.iris(dir);
        CompiledModel m = Nnl.compile(file);
        FitOptions options = FitOptions.defaults().withThreads(1);
        m.fit(options.withOutput(dir.resolve("local.nnlz")), new TrainingListener() { });
        List<String> messages = new CopyOnWriteArrayList<>();
        TrainingListener listener = new TrainingListener() {
            @Override
            public void onMessage(String message) {
                messages.add(message);
            }

            @Override
            public void onEpochEnd(int epoch, Map<String, Double> logs) {
                if (epoch == 0) {
                    // Kill one executor while the next epoch's tasks start on it.
                    new Thread(() -> {
                        try {
                            Thread.sleep(300);
                        } catch (InterruptedException e) {
                            return;
                        }
                        STARTED.get(1).descendants().findFirst().ifPresent(ProcessHandle::destroyForcibly);
                    }).start();
                }
            }
        };
        FitResult r;
        try (SparkTraining t = SparkTraining.start("spark://127.0.0.1:" + port, 2, file, null, null, 1, conf(), listener)) {
            r = m.fit(options.withOutput(dir.resolve("cluster.nnlz")), listener, new AtomicBoolean(), t);
        }
        assertEquals(3, r.history().size());
        assertTrue(messages.stream().anyMatch(s -> s.contains("running it again from its start")), messages.toString());
        float[] a = SparkTrainingTest.weights(dir.resolve("local.nnlz"));
        float[] b = SparkTrainingTest.weights(dir.resolve("cluster.nnlz"));
        double worst = 0;
        for (int i = 0; i < a.length; i++) {
            worst = Math.max(worst, Math.abs(a[i] - b[i]));
        }
        assertTrue(worst <= 1e-5, "largest weight difference " + worst);
    }
}
