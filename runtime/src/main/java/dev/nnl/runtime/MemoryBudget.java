package dev.nnl.runtime;

import dev.nnl.compiler.ir.MemoryEstimate;
import dev.nnl.compiler.ir.ModelIR;
import dev.nnl.compiler.summary.SummaryText;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.bytedeco.javacpp.Pointer;

/**
 * Refuses a run that cannot fit, before anything is allocated: the compiler's
 * {@link MemoryEstimate} against what this JVM and machine can give, and against the sizes nnl's
 * buffers can hold. Without it a model of 10^10 parameters allocated gigabytes and then died
 * inside ND4J or a Java buffer.
 *
 * <p>Where memory comes from: the heap is bounded by {@code -Xmx} (the {@code nnlc} launcher sets
 * none, so the JVM's default of a quarter of the machine applies). ND4J's arrays live off-heap and
 * are not counted against JavaCPP's {@code org.bytedeco.javacpp.maxbytes} (a 2 GB array allocates
 * with maxbytes=1g, measured with ND4J 1.0.0-M2.1); what stops them is
 * {@code org.bytedeco.javacpp.maxphysicalbytes}, a cap on the whole process's resident memory
 * (default four times the heap limit), and the machine's free physical memory.
 */
final class MemoryBudget {
    /**
     * The most float32 values one buffer holds: tensor/Tensor.java reaches ND4J's memory through a
     * NIO view, a ByteBuffer of at most 2^31 - 1 bytes (one value more failed with {@code newLimit >
     * capacity}). The parameter store is one such buffer, and so is each layer output.
     */
    static final long MAX_VALUES = Integer.MAX_VALUE / Float.BYTES;

    private MemoryBudget() {
    }

    /**
     * @param doing what the run does, for the message: "training it at batch size 32"
     * @param batch the batch size the estimate assumed
     * @throws NnlException (exit code 1) when the model cannot fit
     */
    static void require(ModelIR model, MemoryEstimate need, String doing, long batch) throws NnlException {
        List<String> problems = new ArrayList<>(limits(model, batch));
        Available have = Available.now();
        if (need.heap() > have.heapFree) {
            // Garbage counts as used until a collection: collect once before refusing.
            System.gc();
            have = Available.now();
        }
        if (need.heap() > have.heapFree) {
            problems.add("the Java heap has " + SummaryText.memory(have.heapFree) + " free for the " + SummaryText.memory(need.heap())
                    + " it needs there (limit " + SummaryText.memory(have.heapMax) + ", set with -Xmx)");
        }
        // What the process must still take from the machine: the off-heap part, and the heap part
        // beyond the heap memory already committed and free.
        double resident = need.offHeap() + Math.max(0, need.heap() - have.heapCommittedFree);
        if (have.processMax > 0 && resident > have.processFree) {
            problems.add("org.bytedeco.javacpp.maxphysicalbytes (" + SummaryText.memory(have.processMax) + ") leaves this process "
                    + SummaryText.memory(have.processFree) + " more for the " + SummaryText.memory(resident) + " it needs");
        }
        if (have.machineTotal > 0 && resident > have.machineFree) {
            problems.add("the machine has " + SummaryText.memory(have.machineFree) + " of physical memory free (of "
                    + SummaryText.memory(have.machineTotal) + ") for the " + SummaryText.memory(resident) + " it needs");
        }
        if (!problems.isEmpty()) {
            throw new NnlException("model `" + model.name() + "` is too large: " + doing + " needs at least "
                    + SummaryText.memory(need.total()) + "\n  (" + String.join(", ", need.parts()) + ")\n  "
                    + String.join("\n  ", problems), false);
        }
    }

    /** The sizes nnl's buffers cannot exceed, whatever the memory. */
    private static List<String> limits(ModelIR model, long batch) {
        List<String> out = new ArrayList<>();
        if (model.totalParams() > MAX_VALUES) {
            out.add(String.format(Locale.ROOT, "its %,d parameters are more than one parameter buffer holds (%,d)",
                    model.totalParams(), MAX_VALUES));
        }
        double largest = MemoryEstimate.largestTensor(model, batch);
        if (largest > MAX_VALUES) {
            out.add(String.format(Locale.ROOT, "one batch makes a tensor of %,.0f values, more than one buffer holds (%,d): "
                    + "use a smaller batch size", largest, MAX_VALUES));
        }
        return out;
    }

    /** Memory this process can still take, read once per check. */
    private record Available(long heapFree, long heapCommittedFree, long heapMax, long processFree, long processMax,
                             long machineFree, long machineTotal) {
        static Available now() {
            Runtime rt = Runtime.getRuntime();
            long used = rt.totalMemory() - rt.freeMemory();
            long processMax = Pointer.maxPhysicalBytes();
            return new Available(rt.maxMemory() - used, rt.freeMemory(), rt.maxMemory(),
                    processMax > 0 ? Math.max(0, processMax - Pointer.physicalBytes()) : -1, processMax,
                    Pointer.availablePhysicalBytes(), Pointer.totalPhysicalBytes());
        }
    }
}
