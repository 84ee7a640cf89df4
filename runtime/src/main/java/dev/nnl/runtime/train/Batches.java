package dev.nnl.runtime.train;

import dev.nnl.compiler.ir.InputNode;
import dev.nnl.runtime.data.Dataset;
import dev.nnl.runtime.tensor.Tensor;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Copies rows of a dataset into batch tensors that are reused from step to step (new ones only
 * when the batch size changes, i.e. for the last, smaller batch).
 */
final class Batches {
    private final Dataset data;
    private final List<InputNode> inputs;
    private final DataType type;
    private final Loss loss;
    private final int classes;
    private Tensor[] x;
    private Tensor y;

    Batches(Dataset data, List<InputNode> inputs, DataType type, Loss loss, int classes) {
        this.data = data;
        this.inputs = inputs;
        this.type = type;
        this.loss = loss;
        this.classes = classes;
    }

    Tensor[] x() {
        return x;
    }

    Tensor y() {
        return y;
    }

    /** Fills the batch with rows {@code order[from..to)}. */
    void fill(int[] order, int from, int to) {
        int b = to - from;
        if (x == null || x[0].batch() != b) {
            Tensor[] previous = x;
            x = new Tensor[inputs.size()];
            for (int i = 0; i < x.length; i++) {
                x[i] = Tensor.reuse(previous == null ? null : previous[i], type, inputs.get(i).shape().prepend(b).dims());
            }
            if (data.labels() != null) {
                y = Tensor.reuse(y, type, b, oneHot() ? classes : Math.max(1, data.labelsPerSample()));
            }
        }
        for (int i = 0; i < x.length; i++) {
            float[] src = data.features().get(i);
            int p = data.perSample(i);
            Tensor t = x[i];
            for (int r = 0; r < b; r++) {
                int row = data.first() + order[from + r];
                if (t.isFloat()) {
                    // One memcpy per sample: filling a batch is then ~1% of an MLP step, too little to prefetch.
                    t.floats().put(r * p, src, row * p, p);
                    continue;
                }
                for (int k = 0; k < p; k++) {
                    t.set(r * p + k, src[row * p + k]);
                }
            }
        }
        if (y != null) {
            int p = Math.max(1, data.labelsPerSample());
            float[] src = data.labels();
            for (int r = 0; r < b; r++) {
                int row = data.first() + order[from + r];
                if (oneHot()) {
                    for (int c = 0; c < classes; c++) {
                        y.set(r * classes + c, c == (int) src[row] ? 1 : 0);
                    }
                } else {
                    for (int k = 0; k < p; k++) {
                        y.set(r * p + k, src[row * p + k]);
                    }
                }
            }
        }
    }

    /** categorical_crossentropy given class ids: one-hot them, so either label form works. */
    private boolean oneHot() {
        return loss.name().equals("categorical_crossentropy") && data.labelShape().length == 0;
    }
}
