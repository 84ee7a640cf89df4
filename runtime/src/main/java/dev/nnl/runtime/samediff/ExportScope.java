package dev.nnl.runtime.samediff;

import dev.nnl.compiler.ir.LayerNode;
import dev.nnl.runtime.tensor.ParamStore;
import java.util.HashMap;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The graph under construction and the plan's weights, as constants named {@code layer/weight}. */
public final class ExportScope {
    public final SameDiff sd;
    private final Map<String, SDVariable> weights;

    public ExportScope(SameDiff sd, Map<String, SDVariable> weights) {
        this.sd = sd;
        this.weights = weights;
    }

    /** Creates one constant per weight of the store, before any name scope could prefix their names. */
    public static Map<String, SDVariable> constants(SameDiff sd, ParamStore store) {
        Map<String, SDVariable> out = new HashMap<>();
        for (ParamStore.Slot slot : store.slots()) {
            // dup: the value is a view into the store's flat buffer, which later training would change.
            INDArray value = slot.value().array.dup('c');
            out.put(slot.key(), sd.constant(slot.key(), value));
        }
        return out;
    }

    public SDVariable weight(LayerNode node, String name) {
        return weight(node.name(), name);
    }

    public SDVariable weight(String layer, String name) {
        SDVariable w = weights.get(layer + "/" + name);
        if (w == null) {
            throw new IllegalStateException("no weight " + layer + "/" + name);
        }
        return w;
    }

    public boolean hasWeight(LayerNode node, String name) {
        return weights.containsKey(node.name() + "/" + name);
    }

    /** An unnamed float constant (padding tables, pooling divisors). */
    public SDVariable constant(INDArray a) {
        return sd.constant(a);
    }
}
