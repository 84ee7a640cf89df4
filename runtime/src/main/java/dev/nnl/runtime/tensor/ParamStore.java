package dev.nnl.runtime.tensor;

import dev.nnl.compiler.ir.LayerNode;
import dev.nnl.compiler.ir.ModelIR;
import dev.nnl.compiler.ir.Weight;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Every parameter of a model in one flat buffer, and every gradient in a second one of the same
 * layout: each weight is a view into them, so the optimizer is one pass over two arrays and
 * checkpoints are one copy.
 */
public final class ParamStore {
    /** One weight's place in the flat buffers. */
    public record Slot(String layer, Weight weight, int offset, Tensor value, Tensor grad) {
        public String key() {
            return layer + "/" + weight.name();
        }
    }

    private final Tensor params;
    private final Tensor grads;
    private final Map<String, Slot> slots = new LinkedHashMap<>();
    private List<int[]> runs;

    public ParamStore(ModelIR model, DataType type) {
        long total = Math.max(1, model.totalParams());
        params = Tensor.zeros(type, total);
        grads = Tensor.zeros(type, total);
        int offset = 0;
        for (LayerNode n : model.layers()) {
            for (Weight w : n.weights()) {
                int size = Math.toIntExact(w.size());
                long[] shape = w.shape().dims();
                Tensor value = Tensor.wrap(params.array.get(NDArrayIndex.interval(offset, offset + size)).reshape('c', shape));
                Tensor grad = Tensor.wrap(grads.array.get(NDArrayIndex.interval(offset, offset + size)).reshape('c', shape));
                Slot s = new Slot(n.name(), w, offset, value, grad);
                slots.put(s.key(), s);
                offset += size;
            }
        }
    }

    public Slot slot(String layer, String weight) {
        Slot s = slots.get(layer + "/" + weight);
        if (s == null) {
            throw new IllegalArgumentException("no weight " + layer + "/" + weight);
        }
        return s;
    }

    public List<Slot> slots() {
        return new ArrayList<>(slots.values());
    }

    public List<Slot> slotsOf(String layer) {
        return slots.values().stream().filter(s -> s.layer().equals(layer)).toList();
    }

    public Tensor params() {
        return params;
    }

    public Tensor grads() {
        return grads;
    }

    /** The trainable weights as [start, end) runs of the flat buffer, adjacent ones merged. */
    public List<int[]> trainableRuns() {
        if (runs == null) {
            List<int[]> out = new ArrayList<>();
            for (Slot s : slots.values()) {
                if (!s.weight().trainable()) {
                    continue;
                }
                int end = s.offset() + s.value().size;
                if (!out.isEmpty() && out.get(out.size() - 1)[1] == s.offset()) {
                    out.get(out.size() - 1)[1] = end;
                } else {
                    out.add(new int[] {s.offset(), end});
                }
            }
            runs = out;
        }
        return runs;
    }

    /**
     * Each trainable weight's [start, end) in the flat buffers, in store order (not merged as
     * {@link #trainableRuns} are): the variables gradient clipping takes norms of.
     */
    public List<int[]> trainableWeights() {
        List<int[]> out = new ArrayList<>();
        for (Slot s : slots.values()) {
            if (s.weight().trainable()) {
                out.add(new int[] {s.offset(), s.offset() + s.value().size});
            }
        }
        return out;
    }

    public int size() {
        return params.size;
    }

    public void zeroGrads() {
        grads.zero(0, grads.size);
    }
}
