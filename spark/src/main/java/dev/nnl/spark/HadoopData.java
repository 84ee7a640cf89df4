package dev.nnl.spark;

import dev.nnl.runtime.NnlException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.SparkEnv;
import org.apache.spark.SparkFiles;
import scala.Tuple2;

/**
 * Data named by a Hadoop file-system URI ({@code hdfs://}, {@code s3a://}, {@code file:} …),
 * the way Spark itself reads files: an executor copies it once into its own scratch directory,
 * where nnl's readers (IDX, CSV, npy, text) read it. A plain path is read where it is, so it must
 * be readable on every executor (a shared file system).
 */
final class HadoopData {
    /** Local copies by URI, one per executor JVM (the application's lifetime). */
    private static final Map<String, String> COPIES = new ConcurrentHashMap<>();

    private HadoopData() {
    }

    /** Whether {@code path} is a URI for Hadoop's file systems rather than a path on this machine. */
    static boolean isUri(String path) {
        return path != null && path.matches("[A-Za-z][A-Za-z0-9+.-]*:.*") && !path.matches("[A-Za-z]:[\\\\/].*");
    }

    /** {@code path} as this executor reads it: a URI's local copy, made on first use; anything else as it is. */
    static String local(String path) throws NnlException {
        if (!isUri(path)) {
            return path;
        }
        synchronized (COPIES) {
            String copy = COPIES.get(path);
            if (copy == null) {
                copy = copy(path);
                COPIES.put(path, copy);
            }
            return copy;
        }
    }

    private static String copy(String uri) throws NnlException {
        org.apache.hadoop.fs.Path src = new org.apache.hadoop.fs.Path(uri);
        try {
            FileSystem fs = src.getFileSystem(configuration());
            if (!fs.exists(src)) {
                throw new NnlException("cannot read " + uri + ": no such file or directory", false);
            }
            // SparkFiles' directory is the executor's scratch space, which Spark deletes with the application.
            Path dir = Files.createTempDirectory(Path.of(SparkFiles.getRootDirectory()), "nnl-data-");
            fs.copyToLocalFile(false, src, new org.apache.hadoop.fs.Path(dir.toUri()), true);
            return dir.resolve(src.getName()).toString();
        } catch (IOException | RuntimeException e) {
            // RuntimeException too: an unknown scheme ("No FileSystem for scheme …") is one.
            throw new NnlException("cannot read " + uri + ": " + e.getMessage(), false);
        }
    }

    /** Hadoop's settings as Spark passes them: the spark.hadoop.* keys of the application's configuration. */
    private static Configuration configuration() {
        Configuration conf = new Configuration();
        for (Tuple2<String, String> kv : SparkEnv.get().conf().getAllWithPrefix("spark.hadoop.")) {
            conf.set(kv._1(), kv._2());
        }
        return conf;
    }
}
