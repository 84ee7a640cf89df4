package dev.nnl.runtime.kernels.core;

import dev.nnl.compiler.ir.LayerNode;
import dev.nnl.runtime.init.Initializers;
import dev.nnl.runtime.kernels.Kernel;
import dev.nnl.runtime.kernels.RunContext;
import dev.nnl.runtime.tensor.ParamStore;
import dev.nnl.runtime.tensor.Tensor;
import java.util.SplittableRandom;

/**
 * keras.layers.Embedding: a row lookup, and a scatter-add for its gradient (O(tokens · dim),
 * not the O(vocab) of a one-hot product). Ids are the input's values; with mask_zero, id 0 is
 * padding and the output mask marks the other positions.
 */
public final class EmbeddingKernel extends Kernel {
    private final int inputDim;
    private final int dim;
    private final boolean maskZero;
    private ParamStore.Slot table;
    private Tensor out;
    private Tensor mask;

    public EmbeddingKernel(LayerNode node) {
        super(node);
        this.inputDim = node.args().getInt("input_dim");
        this.dim = node.args().getInt("output_dim");
        this.maskZero = node.args().getBool("mask_zero");
    }

    @Override
    public void attach(ParamStore store) {
        table = store.slot(node.name(), "embeddings");
    }

    @Override
    public void initialize(ParamStore store, SplittableRandom rng) {
        Initializers.fill(table.value(), node.args().getValue("embeddings_initializer"), rng);
    }

    @Override
    public Tensor[] forward(Tensor[] in, Tensor[] masks, RunContext ctx) {
        Tensor ids = in[0];
        long[] shape = java.util.Arrays.copyOf(ids.shape, ids.shape.length + 1);
        shape[shape.length - 1] = dim;
        out = ensure(out, ctx.type, shape);
        Tensor w = table.value();
        for (int i = 0; i < ids.size; i++) {
            int id = id(ids, i);
            for (int j = 0; j < dim; j++) {
                out.set(i * dim + j, w.get(id * dim + j));
            }
        }
        return new Tensor[] {out};
    }

    @Override
    public Tensor[] backward(Tensor[] in, Tensor[] masks, Tensor[] dOut, RunContext ctx) {
        Tensor ids = in[0];
        Tensor g = table.grad();
        for (int i = 0; i < ids.size; i++) {
            int id = id(ids, i);
            for (int j = 0; j < dim; j++) {
                g.add(id * dim + j, dOut[0].get(i * dim + j));
            }
        }
        return new Tensor[] {null};
    }

    private int id(Tensor ids, int i) {
        int id = (int) ids.get(i);
        if (id < 0 || id >= inputDim) {
            throw new IllegalArgumentException("token id " + id + " is outside [0, " + inputDim + ") of embedding `" + node.name() + "`");
        }
        return id;
    }

    @Override
    public Tensor outputMask(Tensor[] in, Tensor[] masks) {
        if (!maskZero) {
            return masks.length == 0 ? null : masks[0];
        }
        Tensor ids = in[0];
        mask = ensure(mask, ids.dataType(), ids.shape);
        for (int i = 0; i < ids.size; i++) {
            mask.set(i, ids.get(i) == 0 ? 0 : 1);
        }
        return mask;
    }
}
