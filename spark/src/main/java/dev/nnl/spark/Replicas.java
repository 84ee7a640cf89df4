package dev.nnl.spark;

import dev.nnl.runtime.NnlException;
import dev.nnl.runtime.Replica;
import dev.nnl.runtime.data.Preprocessing;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * What an executor JVM keeps for a run across its tasks: the model compiled and the data read
 * once ({@link Replica.Data}, shared by the workers it hosts), and each worker's replica.
 */
final class Replicas {
    /** What every worker needs to build its replica; the source path must be readable on every executor. */
    record Job(String run, String source, String model, String data, Integer threads, Preprocessing known) implements Serializable {
        Job withKnown(Preprocessing p) {
            return new Job(run, source, model, data, threads, p);
        }
    }

    private static final Map<String, Replica.Data> DATA = new HashMap<>();
    private static final Map<String, Replica> REPLICAS = new HashMap<>();

    private Replicas() {
    }

    /** Worker {@code worker}'s replica in this JVM, made on first use. */
    static synchronized Replica replica(Job job, int worker) throws NnlException {
        String key = job.run() + "/" + worker;
        Replica r = REPLICAS.get(key);
        if (r == null) {
            r = data(job).replica();
            REPLICAS.put(key, r);
        }
        return r;
    }

    /** The run's model and data in this JVM, read on first use. */
    static synchronized Replica.Data data(Job job) throws NnlException {
        Replica.Data d = DATA.get(job.run());
        if (d == null) {
            d = Replica.Data.read(Path.of(job.source()), job.model(), HadoopData.local(job.data()), job.known());
            DATA.put(job.run(), d);
        }
        return d;
    }

    /** Forgets a run's replicas and data in this JVM (the driver's, when it also runs the tasks: local mode). */
    static synchronized void forget(String run) {
        DATA.remove(run);
        REPLICAS.keySet().removeIf(k -> k.startsWith(run + "/"));
    }
}
