package dev.nnl.spark;

import dev.nnl.runtime.DataParallel;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.BarrierTaskContext;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.storage.BlockData;
import org.apache.spark.storage.BlockId;
import org.apache.spark.storage.BlockManager;
import org.apache.spark.storage.BlockManagerMaster;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.storage.TestBlockId;
import org.apache.spark.util.io.ChunkedByteBuffer;
import scala.Option;
import scala.jdk.javaapi.CollectionConverters;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

/**
 * The AllReduce of BigDL's DistriOptimizer (its AllReduceParameter) over Spark's block manager:
 * each worker puts slice j of its gradient as a block for worker j and fetches the blocks for
 * its own slice from the others (reduce-scatter), then puts its updated weight slice and fetches
 * everyone's (all-gather). Executors exchange the bytes directly through Spark's block transfer
 * service; the driver only answers where a block is (the block manager master).
 *
 * <p>The steps synchronize on the blocks themselves, not on {@code BarrierTaskContext.barrier()}:
 * Spark 4.2's barrier polls its reply once a second (measured: 0.86 s per call on average, see
 * docs/distributed.md), which would cost two seconds a step. A worker waits for a peer's block
 * by polling for it, from 50 µs up to 1 ms apart (a miss asks the block manager master, a
 * small RPC to the driver). A block is removed as soon as the data flow
 * proves every peer has read it: a peer reads my gradient blocks of step s before it puts its
 * weights of step s, and my weights of step s before it puts its gradients of step s + 1.
 *
 * <p>Every block's name starts with the epoch attempt's ({@link #attempt}), so the driver finds
 * the progress of a running attempt and removes what a failed attempt left.
 */
final class BlockExchange implements DataParallel.Exchange {
    private static final ClassTag<byte[]> BYTES = ClassTag$.MODULE$.apply(byte[].class);
    private static final scala.Function1<Object, ByteBuffer> ALLOCATE = n -> ByteBuffer.allocate((Integer) n);
    /** How long a worker waits for a peer's block before it gives up (a peer that hangs, not one that died: Spark kills the stage then). */
    private static final long PATIENCE_NANOS = 30L * 60 * 1_000_000_000L;
    /** Worker 0 publishes the epoch's progress at most this often: each time costs two small RPCs to the driver. */
    static final long PROGRESS_NANOS = 200_000_000L;

    private final BarrierTaskContext task;
    private final BlockManager blocks;
    private final String attempt;
    private final String run;
    private final int worker;
    private final int workers;
    private final List<BlockId> gradients = new ArrayList<>();
    private final List<BlockId> weights = new ArrayList<>();
    private final List<BlockId> leftovers = new ArrayList<>();
    private BlockId progress;
    private long published = System.nanoTime() - PROGRESS_NANOS;

    /** Removes blocks {@link #leftovers} named, on whichever executors hold them (on the driver). */
    static void removeAll(List<String> names) {
        for (String name : names) {
            SparkEnv.get().blockManager().master().removeBlock(TestBlockId.apply(name.substring("test_".length())));
        }
    }

    /**
     * The name of one attempt at an epoch, which every block of its tasks starts with: the
     * driver knows it, so it can find a running attempt's progress and a failed attempt's blocks.
     */
    static String attempt(String run, int epoch, int attempt) {
        return run + "-e" + epoch + "-t" + attempt;
    }

    /**
     * Removes every block of an epoch attempt ({@link #attempt}) the block manager master knows
     * of, on whichever executors hold them (on the driver): what a failed attempt's tasks left.
     *
     * @return how many there were
     */
    static int removeAttempt(String attempt) {
        String prefix = TestBlockId.apply(blockName(attempt, "")).name();
        BlockManagerMaster master = SparkEnv.get().blockManager().master();
        List<BlockId> found = CollectionConverters.asJava(master.getMatchingBlockIds(id -> id.name().startsWith(prefix), false));
        found.forEach(master::removeBlock);
        return found.size();
    }

    /** The latest progress worker 0 published in an epoch attempt, or null (on the driver). */
    static DataParallel.Progress progress(String attempt) {
        byte[] bytes = fetch(SparkEnv.get().blockManager(), progressId(attempt), Option.empty());
        return bytes == null ? null : decode(bytes);
    }

    /** @param attempt names this run's epoch attempt ({@link #attempt}), so blocks of a failed attempt never mix in */
    BlockExchange(BarrierTaskContext task, String attempt, int worker, int workers) {
        this.task = task;
        this.blocks = SparkEnv.get().blockManager();
        this.attempt = attempt;
        // The stage's attempt too: Spark never reruns a barrier result stage today, but if it did, its blocks would not mix.
        this.run = attempt + "-s" + task.stageId() + "-a" + task.stageAttemptNumber();
        this.worker = worker;
        this.workers = workers;
    }

    @Override
    public float[][] reduceScatter(int step, float[][] slices) throws InterruptedException {
        for (int j = 0; j < workers; j++) {
            if (j != worker) {
                gradients.add(put(id("g", step, worker, j), slices[j]));
            }
        }
        float[][] mine = new float[workers][];
        for (int j = 0; j < workers; j++) {
            mine[j] = j == worker ? slices[worker] : await(id("g", step, j, worker));
        }
        // Every peer has put its gradients of this step, so it has read my weights of the last.
        remove(weights);
        return mine;
    }

    @Override
    public float[][] allGather(int step, float[] slice) throws InterruptedException {
        BlockId own = put(id("w", step, worker, -1), slice);
        float[][] all = new float[workers][];
        for (int j = 0; j < workers; j++) {
            all[j] = j == worker ? slice.clone() : await(id("w", step, j, -1));
        }
        // Every peer has put its weights of this step, so it has read my gradients of this step.
        remove(gradients);
        weights.add(own);
        return all;
    }

    @Override
    public double[] sum(int step, double[] values) throws InterruptedException {
        ByteBuffer own = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        own.asDoubleBuffer().put(values);
        // Read by every peer before it puts its weights of this step: removed with the gradients.
        gradients.add(putBytes(id("n", step, worker, -1), own.array()));
        double[] total = new double[values.length];
        for (int j = 0; j < workers; j++) {
            DoubleBuffer part = j == worker ? DoubleBuffer.wrap(values)
                    : ByteBuffer.wrap(awaitBytes(id("n", step, j, -1))).order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer();
            for (int i = 0; i < total.length; i++) {
                total[i] += part.get(i);
            }
        }
        return total;
    }

    /**
     * Worker 0 publishes the epoch's progress for the driver ({@link #progress(String)}), at
     * most every {@link #PROGRESS_NANOS}: as one block, replaced (a block cannot be overwritten,
     * so the old one is removed first; the driver may miss it for that moment and asks again).
     */
    @Override
    public void progress(DataParallel.Progress p) {
        long now = System.nanoTime();
        if (worker != 0 || now - published < PROGRESS_NANOS) {
            return;
        }
        published = now;
        if (progress != null) {
            blocks.removeBlock(progress, true);
        }
        progress = putBytes(progressId(attempt), encode(p));
    }

    /**
     * Every worker's status before the first step: "" when its replica is ready, else its error.
     * Exchanged as blocks too (Spark's allGather answers once a second, like its barrier).
     */
    String[] agree(String status) throws InterruptedException {
        BlockId own = putBytes(id("status", 0, worker, -1), status.getBytes(StandardCharsets.UTF_8));
        String[] all = new String[workers];
        for (int j = 0; j < workers; j++) {
            all[j] = j == worker ? status : new String(awaitBytes(id("status", 0, j, -1)), StandardCharsets.UTF_8);
        }
        leftovers.add(own);
        return all;
    }

    /**
     * The blocks this worker still holds when its epoch ends (its status and last weights, which
     * peers may still be reading): the driver removes them once the stage is over, so no worker
     * has to wait for the others.
     */
    List<String> leftovers() {
        List<String> names = new ArrayList<>();
        leftovers.forEach(id -> names.add(id.name()));
        weights.forEach(id -> names.add(id.name()));
        gradients.forEach(id -> names.add(id.name()));
        if (progress != null) {
            names.add(progress.name());
        }
        return names;
    }

    private void remove(List<BlockId> ids) {
        for (BlockId id : ids) {
            blocks.removeBlock(id, true);
        }
        ids.clear();
    }

    private BlockId id(String kind, int step, int from, int to) {
        return TestBlockId.apply(blockName(run, kind + step + "-" + from + "-" + to));
    }

    private static BlockId progressId(String attempt) {
        return TestBlockId.apply(blockName(attempt, "progress"));
    }

    private static String blockName(String attempt, String what) {
        return "nnl-" + attempt + "-" + what;
    }

    private static byte[] encode(DataParallel.Progress p) {
        int n = 0;
        for (double[] c : p.metricCounts()) {
            n += 1 + c.length * 2;
        }
        ByteBuffer b = ByteBuffer.allocate(4 + 8 + 8 + 4 + n * 4);
        b.putInt(p.step()).putDouble(p.lossSum()).putLong(p.samples()).putInt(p.metricCounts().size());
        for (double[] c : p.metricCounts()) {
            b.putInt(c.length);
            for (double v : c) {
                b.putDouble(v);
            }
        }
        return b.array();
    }

    private static DataParallel.Progress decode(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        int step = b.getInt();
        double lossSum = b.getDouble();
        long samples = b.getLong();
        List<double[]> counts = new ArrayList<>();
        for (int m = b.getInt(); m > 0; m--) {
            double[] c = new double[b.getInt()];
            for (int i = 0; i < c.length; i++) {
                c[i] = b.getDouble();
            }
            counts.add(c);
        }
        return new DataParallel.Progress(step, lossSum, samples, counts);
    }

    private BlockId put(BlockId id, float[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        return putBytes(id, b.array());
    }

    private BlockId putBytes(BlockId id, byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        if (!blocks.putBytes(id, new ChunkedByteBuffer(new ByteBuffer[] {b}), StorageLevel.MEMORY_ONLY_SER(), true, BYTES)) {
            throw new IllegalStateException("the block manager refused block " + id + " (executor memory full?)");
        }
        return id;
    }

    /** A peer's block of floats, once it is there. */
    private float[] await(BlockId id) throws InterruptedException {
        byte[] bytes = awaitBytes(id);
        float[] out = new float[bytes.length / 4];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
        return out;
    }

    private byte[] awaitBytes(BlockId id) throws InterruptedException {
        long start = System.nanoTime();
        long pause = 50_000;
        while (true) {
            byte[] bytes = fetch(blocks, id, Option.apply(task));
            if (bytes != null) {
                return bytes;
            }
            task.killTaskIfInterrupted();
            if (System.nanoTime() - start > PATIENCE_NANOS) {
                throw new IllegalStateException("waited 30 minutes for block " + id + " of another worker");
            }
            Thread.sleep(pause / 1_000_000, (int) (pause % 1_000_000));
            pause = Math.min(1_000_000, pause * 2);
        }
    }

    /**
     * The block from this JVM's block manager when its writer runs here, else over the network;
     * null when not there (yet). {@code task}: the task reading, none on the driver.
     */
    private static byte[] fetch(BlockManager blocks, BlockId id, Option<TaskContext> task) {
        Option<BlockData> local = blocks.getLocalBytes(id);
        if (local.isDefined()) {
            BlockData data = local.get();
            try {
                return data.toChunkedByteBuffer(ALLOCATE).toArray();
            } finally {
                blocks.releaseLockAndDispose(id, data, task);
            }
        }
        Option<ChunkedByteBuffer> remote = blocks.getRemoteBytes(id);
        return remote.isDefined() ? remote.get().toArray() : null;
    }
}
