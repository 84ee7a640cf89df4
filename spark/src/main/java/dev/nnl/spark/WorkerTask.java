package dev.nnl.spark;

import dev.nnl.runtime.DataParallel;
import dev.nnl.runtime.NnlException;
import dev.nnl.runtime.Replica;
import java.io.Serializable;
import java.util.List;
import org.apache.spark.BarrierTaskContext;
import org.apache.spark.broadcast.Broadcast;
import scala.collection.Iterator;
import scala.jdk.javaapi.CollectionConverters;

/**
 * One worker's epoch, run as a task of a barrier stage (all workers at once, as Horovod on Spark
 * runs its processes): its replica trains its rows of every global batch, exchanging through
 * {@link BlockExchange}. The replica is built once per executor JVM and worker, and kept for the
 * next epochs ({@link Replicas}).
 */
final class WorkerTask implements scala.Function1<Iterator<Integer>, Iterator<WorkerTask.Result>>, Serializable {
    private static final long serialVersionUID = 1L;

    /** What a worker sends back: its end of the epoch, or the one error every worker agreed on. */
    record Result(DataParallel.WorkerEnd end, String error, List<String> leftovers) implements Serializable {
    }

    private final Replicas.Job job;
    private final String attempt;
    private final Broadcast<DataParallel.EpochStart> start;
    private final int workers;

    /** @param attempt the epoch attempt's name ({@link BlockExchange#attempt}), which its blocks' names start with */
    WorkerTask(Replicas.Job job, String attempt, Broadcast<DataParallel.EpochStart> start, int workers) {
        this.job = job;
        this.attempt = attempt;
        this.start = start;
        this.workers = workers;
    }

    /** The partition's one element is the worker's number. */
    @Override
    public Iterator<Result> apply(Iterator<Integer> partition) {
        try {
            return single(run(partition.next()));
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private Result run(int worker) throws Exception {
        BarrierTaskContext task = BarrierTaskContext.get();
        SparkTraining.setThreads(job);
        String problem = "";
        Replica replica = null;
        try {
            replica = Replicas.replica(job, worker);
        } catch (NnlException e) {
            problem = SparkTraining.onExecutor(e.getMessage());
        }
        // A model or data error shows on every worker alike; they agree before the first step, so
        // all return it and none waits for the others' blocks forever.
        BlockExchange exchange = new BlockExchange(task, attempt, worker, workers);
        for (String p : exchange.agree(problem)) {
            if (!p.isEmpty()) {
                return new Result(null, p, exchange.leftovers());
            }
        }
        // A task of a failed attempt may still be on its way out (Spark flags it killed, and it
        // stops at its next wait for a peer) when the rerun's task for the same worker starts
        // here: they must not train the one replica at once.
        synchronized (replica) {
            DataParallel.WorkerEnd end = replica.trainEpoch(start.value(), worker, workers, exchange);
            return new Result(end, null, exchange.leftovers());
        }
    }

    private static Iterator<Result> single(Result r) {
        return CollectionConverters.asScala(List.of(r).iterator());
    }
}
