package dev.nnl.runtime.kernels.core;

import dev.nnl.compiler.ir.LayerNode;
import dev.nnl.runtime.init.Initializers;
import dev.nnl.runtime.kernels.ActivationStage;
import dev.nnl.runtime.kernels.HasLogits;
import dev.nnl.runtime.kernels.Kernel;
import dev.nnl.runtime.kernels.LinearAlgebra;
import dev.nnl.runtime.kernels.RunContext;
import dev.nnl.runtime.tensor.ParamStore;
import dev.nnl.runtime.tensor.Tensor;
import java.util.SplittableRandom;

/** Dense on the last axis: leading axes are folded into rows, so (batch, steps, d) works too. */
public final class DenseKernel extends Kernel implements HasLogits {
    private final long units;
    private final boolean useBias;
    private final ActivationStage act;
    private ParamStore.Slot kernel;
    private ParamStore.Slot bias;
    private Tensor z;
    private Tensor dx;

    public DenseKernel(LayerNode node) {
        super(node);
        this.units = node.args().getLong("units");
        this.useBias = node.args().getBool("use_bias");
        this.act = new ActivationStage(node.args().getString("activation"));
    }

    @Override
    public void attach(ParamStore store) {
        kernel = store.slot(node.name(), "kernel");
        bias = useBias ? store.slot(node.name(), "bias") : null;
    }

    @Override
    public void initialize(ParamStore store, SplittableRandom rng) {
        Initializers.fill(kernel.value(), node.args().getValue("kernel_initializer"), rng);
        if (bias != null) {
            Initializers.fill(bias.value(), node.args().getValue("bias_initializer"), rng);
        }
    }

    @Override
    public ActivationStage activationStage() {
        return act;
    }

    @Override
    public Tensor[] forward(Tensor[] in, Tensor[] masks, RunContext ctx) {
        Tensor x = in[0];
        long rows = x.size / x.last();
        long[] outShape = x.shape.clone();
        outShape[outShape.length - 1] = units;
        z = ensure(z, ctx.type, outShape);
        Tensor x2 = x.reshape(rows, x.last());
        Tensor z2 = z.reshape(rows, units);
        if (bias != null) {
            // z = bias + x·W in one product: a separate pass to add the bias cost a fifth of the GEMM.
            LinearAlgebra.setRows(z2, bias.value());
            LinearAlgebra.gemm(x2, false, kernel.value(), false, z2, 1);
        } else {
            LinearAlgebra.gemm(x2, false, kernel.value(), false, z2, 0);
        }
        return new Tensor[] {act.forward(z)};
    }

    @Override
    public Tensor[] backward(Tensor[] in, Tensor[] masks, Tensor[] dOut, RunContext ctx) {
        Tensor x = in[0];
        long rows = x.size / x.last();
        Tensor dz = act.backward(dOut[0]).reshape(rows, units);
        Tensor x2 = x.reshape(rows, x.last());
        LinearAlgebra.gemm(x2, true, dz, false, kernel.grad(), 1);
        if (bias != null) {
            LinearAlgebra.addColumnSums(dz, bias.grad());
        }
        if (!inputGradients()) {
            return new Tensor[] {null};
        }
        dx = ensure(dx, ctx.type, x.shape);
        LinearAlgebra.gemm(dz, false, kernel.value(), true, dx.reshape(rows, x.last()), 0);
        return new Tensor[] {dx};
    }

}
