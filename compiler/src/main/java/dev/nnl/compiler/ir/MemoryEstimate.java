package dev.nnl.compiler.ir;

import dev.nnl.compiler.summary.SummaryText;
import dev.nnl.compiler.train.TrainConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * The memory a run of a checked model needs at least, from its shapes alone (no array is
 * allocated), split by where nnl's runtime keeps it: parameters, their gradients and the
 * activations live off the Java heap (ND4J buffers: runtime/.../tensor/ParamStore.java and
 * plan/Plan.java), optimizer state and the working copies the optimizer loops over on the heap
 * (runtime/.../train/Optimizer.java), and so does the copy of weights and optimizer state an
 * artifact takes (runtime/.../artifact/Artifact.java). All values are float32. Kernel scratch
 * buffers (im2col, recurrent gates) and the data set come on top, so this is a lower bound: a run
 * it refuses cannot work, a run it admits may still be tight.
 *
 * <p>Sizes are doubles: a model of 10^18 parameters is legal (its count fits a long) and its bytes
 * must still print right, where a long would overflow; at these magnitudes the rounding does not matter.
 *
 * @param heap bytes on the Java heap
 * @param offHeap bytes in native memory
 * @param parts what makes up the total, for messages ("parameters 37.25 GB", …)
 */
public record MemoryEstimate(double heap, double offHeap, List<String> parts) {
    private static final double FLOAT = 4;

    public MemoryEstimate {
        parts = List.copyOf(parts);
    }

    public double total() {
        return heap + offHeap;
    }

    /**
     * Training at {@code batch}: parameters and gradients (off-heap), optimizer state slots and the
     * optimizer's two working copies of weights and gradients (heap), a copy of weights and state
     * for the artifact (heap), and every layer's output and its gradient for one batch (off-heap).
     */
    public static MemoryEstimate training(ModelIR model, TrainConfig.Configured optimizer, long batch) {
        double p = model.totalParams();
        int slots = optimizerSlots(optimizer);
        Builder b = new Builder();
        b.offHeap("parameters", FLOAT, p);
        b.offHeap("gradients", FLOAT, p);
        b.heap("optimizer state (" + optimizer.name() + ": " + slots + (slots == 1 ? " slot" : " slots") + ") and working copies",
                FLOAT * (slots + 2), p);
        // Artifact.java keeps optimizer state as doubles.
        b.heap("checkpoint copy", FLOAT + 2 * FLOAT * slots, p);
        b.offHeap("activations and their gradients at batch size " + batch, 2 * FLOAT, activations(model, batch));
        return b.build();
    }

    /**
     * Running at {@code batch} ({@code predict}, {@code eval}), once the artifact is read: the
     * parameter store with its gradient buffer (off-heap: ParamStore always has both) and every
     * layer's output for one batch.
     */
    public static MemoryEstimate inference(ModelIR model, long batch) {
        double p = model.totalParams();
        Builder b = new Builder();
        b.offHeap("parameters and gradients", 2 * FLOAT, p);
        b.offHeap("activations at batch size " + batch, FLOAT, activations(model, batch));
        return b.build();
    }

    /** Initializing the weights and taking the artifact's copy ({@code nnlc compile}). */
    public static MemoryEstimate initialization(ModelIR model) {
        double p = model.totalParams();
        Builder b = new Builder();
        b.offHeap("parameters and gradients", 2 * FLOAT, p);
        b.heap("saved weights", FLOAT, p);
        return b.build();
    }

    /**
     * The state buffers the optimizer keeps, each one float per parameter, as
     * runtime/.../train/Optimizer.java creates them: Adam and AdamW momentum and velocity (and
     * velocity_hat with amsgrad), SGD a momentum only when momentum &gt; 0, RMSprop a velocity (plus
     * average_gradient when centered, momentum when momentum &gt; 0), Adagrad an accumulator.
     */
    public static int optimizerSlots(TrainConfig.Configured optimizer) {
        var a = optimizer.args();
        return switch (optimizer.name()) {
            case "Adam", "AdamW" -> a.getBool("amsgrad") ? 3 : 2;
            case "SGD" -> a.getDouble("momentum") > 0 ? 1 : 0;
            case "RMSprop" -> 1 + (a.getBool("centered") ? 1 : 0) + (a.getDouble("momentum") > 0 ? 1 : 0);
            case "Adagrad" -> 1;
            default -> throw new IllegalArgumentException("unknown optimizer " + optimizer.name());
        };
    }

    /**
     * Values of every input and layer output for one batch. An unknown size ({@code None}, a
     * variable sequence length) counts as 1: the data decides it, so the estimate stays a lower bound.
     */
    public static double activations(ModelIR model, long batch) {
        double perSample = 0;
        for (Shape s : tensors(model)) {
            perSample += known(s);
        }
        return perSample * batch;
    }

    /** The largest single tensor of one batch (an input or one layer output), in values. */
    public static double largestTensor(ModelIR model, long batch) {
        double largest = 0;
        for (Shape s : tensors(model)) {
            largest = Math.max(largest, known(s));
        }
        return largest * batch;
    }

    /** The per-sample shapes of every input and every layer output. */
    private static List<Shape> tensors(ModelIR model) {
        List<Shape> out = new ArrayList<>();
        for (InputNode in : model.inputs()) {
            out.add(in.shape());
        }
        for (LayerNode n : model.layers()) {
            out.addAll(n.outputShapes());
        }
        return out;
    }

    private static double known(Shape s) {
        double p = 1;
        for (long d : s.dims()) {
            p *= d == Shape.NONE ? 1 : d;
        }
        return p;
    }

    /** Sums the parts in bytes and names each for the message. */
    private static final class Builder {
        private double heap;
        private double offHeap;
        private final List<String> parts = new ArrayList<>();

        void heap(String what, double bytesPerValue, double values) {
            heap += add(what, bytesPerValue, values);
        }

        void offHeap(String what, double bytesPerValue, double values) {
            offHeap += add(what, bytesPerValue, values);
        }

        private double add(String what, double bytesPerValue, double values) {
            double bytes = values * bytesPerValue;
            if (bytes > 0) {
                parts.add(what + " " + SummaryText.memory(bytes));
            }
            return bytes;
        }

        MemoryEstimate build() {
            return new MemoryEstimate(heap, offHeap, parts);
        }
    }
}
