package dev.nnl.spark;

import dev.nnl.runtime.DataParallel;
import dev.nnl.runtime.NnlException;
import dev.nnl.runtime.train.TrainingListener;
import java.nio.file.Path;
import org.apache.spark.SparkConf;

/**
 * {@code nnlc train --spark}'s way in (META-INF/services): Spark's settings come from the
 * {@code spark.*} system properties (as spark-submit passes them); a {@code local[…]} master
 * binds to 127.0.0.1 and runs without the web UI unless those say otherwise, and its workers,
 * sharing one machine, split its processors between them unless --threads says otherwise. On a
 * cluster the executors get nnl's classes from the job jar (spark-job/pom.xml): spark-submit ships
 * it as the application's jar; the ./nnlc launcher gives its path in the system property
 * {@value #JOB_JAR}, which is added to {@code spark.jars} here.
 */
public final class SparkProvider implements DataParallel.Provider {
    /** The system property the launcher sets to the job jar's path. */
    static final String JOB_JAR = "nnl.spark.jobJar";

    @Override
    public DataParallel start(String master, int workers, Path source, String model, String data, Integer threads,
                              TrainingListener listener) throws NnlException {
        SparkConf conf = new SparkConf().setIfMissing("spark.ui.showConsoleProgress", "false");
        if (master.startsWith("local")) {
            conf.setIfMissing("spark.driver.host", "127.0.0.1").setIfMissing("spark.driver.bindAddress", "127.0.0.1")
                    .setIfMissing("spark.ui.enabled", "false");
        } else if (System.getProperty(JOB_JAR) != null) {
            String jars = conf.get("spark.jars", "");
            conf.set("spark.jars", (jars.isEmpty() ? "" : jars + ",") + System.getProperty(JOB_JAR));
        }
        Integer perWorker = threads;
        if (threads == null && master.startsWith("local")) {
            perWorker = Math.max(1, Runtime.getRuntime().availableProcessors() / workers);
        }
        return SparkTraining.start(master, workers, source, model, data, perWorker, conf, listener);
    }
}
