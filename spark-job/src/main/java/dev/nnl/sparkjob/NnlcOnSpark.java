package dev.nnl.sparkjob;

import dev.nnl.cli.Main;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * nnlc as a Spark application, the job jar's main class: {@code spark-submit --master M
 * nnl-spark-job.jar train FILE …} runs {@code nnlc train FILE --spark M …}. The master is
 * spark-submit's (the {@code spark.master} property it sets, as {@code SparkConf} reads it), so
 * it is not repeated; {@code --workers} defaults to the executors asked for
 * ({@code spark.executor.instances}: spark-submit's {@code --num-executors} on YARN and
 * Kubernetes), one worker each. An explicit
 * {@code --spark} or {@code --workers} wins; every other command runs as nnlc runs it.
 */
public final class NnlcOnSpark {
    private NnlcOnSpark() {
    }

    public static void main(String[] args) {
        List<String> line = arguments(List.of(args), System.getProperty("spark.master"), System.getProperty("spark.executor.instances"));
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        int code = Main.run(line.toArray(String[]::new), out, new PrintWriter(System.err, true));
        // On YARN in cluster mode the application master runs this method in a thread and counts
        // any System.exit, 0 included, as the application failing early; there a normal return
        // is success. Everywhere else the exit code is nnlc's, and System.exit also ends threads
        // (ND4J's) that would keep a client-mode driver from ending.
        if (code != 0 || !"cluster".equals(System.getProperty("spark.submit.deployMode"))) {
            System.exit(code);
        }
    }

    /**
     * The nnlc command line for {@code args}: for {@code train} without {@code --spark}, the
     * command followed by {@code --spark master} (when known) and, for a cluster master,
     * {@code --workers executors} (when known and not given).
     */
    static List<String> arguments(List<String> args, String master, String executors) {
        int train = args.indexOf("train");
        if (train < 0 || args.subList(0, train).stream().anyMatch(a -> !a.startsWith("-")) || master == null || given(args, "--spark")) {
            return args;
        }
        List<String> added = new ArrayList<>(List.of("--spark", master));
        if (executors != null && !master.startsWith("local") && !given(args, "--workers")) {
            added.addAll(List.of("--workers", executors));
        }
        List<String> line = new ArrayList<>(args);
        line.addAll(train + 1, added);
        return line;
    }

    private static boolean given(List<String> args, String option) {
        return args.stream().anyMatch(a -> a.equals(option) || a.startsWith(option + "="));
    }
}
