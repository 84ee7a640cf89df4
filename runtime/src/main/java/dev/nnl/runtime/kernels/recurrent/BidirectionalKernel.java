package dev.nnl.runtime.kernels.recurrent;

import dev.nnl.compiler.ir.LayerNode;
import dev.nnl.compiler.layers.BoundLayer;
import dev.nnl.runtime.kernels.Kernel;
import dev.nnl.runtime.kernels.RunContext;
import dev.nnl.runtime.tensor.ParamStore;
import dev.nnl.runtime.tensor.Tensor;
import java.util.SplittableRandom;

/**
 * keras.layers.Bidirectional: a forward copy of the wrapped layer and a backward one
 * (go_backwards=True, its sequence flipped back to input order), with weights
 * {@code forward_*} and {@code backward_*}, merged by concat, sum, mul or ave, or returned as two
 * outputs (merge_mode=none). As in Keras, returning sequences forces zero_output_for_mask on
 * both directions, so masked steps are 0.
 */
public final class BidirectionalKernel extends Kernel {
    private final RecurrentCore fwd;
    private final RecurrentCore bwd;
    /** concat, sum, mul, ave, or null for two outputs. */
    private final String mode;
    private Tensor out;
    private Tensor dFwd;
    private Tensor dBwd;
    private Tensor dx;

    public BidirectionalKernel(LayerNode node) {
        super(node);
        BoundLayer inner = (BoundLayer) node.args().get("layer");
        RecurrentCell cell = RecurrentCell.of(inner.def().className());
        if (inner.args().getBool("go_backwards")) {
            // Keras rejects this too: both directions would have go_backwards=True.
            throw new IllegalArgumentException("Bidirectional `" + node.name() + "` wraps a layer with go_backwards=true; "
                    + "Keras requires the forward and backward layers to differ in go_backwards");
        }
        this.fwd = RecurrentCore.create(cell, inner.args(), node.name(), "forward_", false);
        this.bwd = RecurrentCore.create(cell, inner.args(), node.name(), "backward_", true);
        bwd.outputInInputOrder = true;
        fwd.zeroOutputForMask = fwd.returnSequences;
        bwd.zeroOutputForMask = bwd.returnSequences;
        this.mode = (String) node.args().get("merge_mode");
    }

    @Override
    public void attach(ParamStore store) {
        fwd.attach(store);
        bwd.attach(store);
    }

    @Override
    public void initialize(ParamStore store, SplittableRandom rng) {
        fwd.initialize(rng);
        bwd.initialize(rng);
    }

    @Override
    public Tensor[] forward(Tensor[] in, Tensor[] masks, RunContext ctx) {
        Tensor mask = masks.length == 0 ? null : masks[0];
        Tensor y = fwd.forward(in[0], mask, ctx);
        Tensor yr = bwd.forward(in[0], mask, ctx);
        if (mode == null) {
            return new Tensor[] {y, yr};
        }
        int u = y.last();
        long[] shape = y.shape.clone();
        if (mode.equals("concat")) {
            shape[shape.length - 1] = 2L * u;
        }
        out = ensure(out, ctx.type, shape);
        int rows = y.size / u;
        switch (mode) {
            case "concat" -> {
                for (int r = 0; r < rows; r++) {
                    for (int j = 0; j < u; j++) {
                        out.set(r * 2 * u + j, y.get(r * u + j));
                        out.set(r * 2 * u + u + j, yr.get(r * u + j));
                    }
                }
            }
            case "sum" -> {
                for (int i = 0; i < y.size; i++) {
                    out.set(i, y.get(i) + yr.get(i));
                }
            }
            case "mul" -> {
                for (int i = 0; i < y.size; i++) {
                    out.set(i, y.get(i) * yr.get(i));
                }
            }
            case "ave" -> {
                for (int i = 0; i < y.size; i++) {
                    out.set(i, (y.get(i) + yr.get(i)) / 2);
                }
            }
            default -> throw new IllegalStateException("merge_mode " + mode);
        }
        return new Tensor[] {out};
    }

    @Override
    public Tensor[] backward(Tensor[] in, Tensor[] masks, Tensor[] dOut, RunContext ctx) {
        Tensor df;
        Tensor db;
        if (mode == null) {
            df = dOut[0];
            db = dOut.length > 1 ? dOut[1] : null;
        } else {
            Tensor d = dOut[0];
            Tensor y = fwd.out;
            Tensor yr = bwd.out;
            dFwd = ensure(dFwd, ctx.type, y.shape);
            dBwd = ensure(dBwd, ctx.type, y.shape);
            int u = y.last();
            switch (mode) {
                case "concat" -> {
                    int rows = y.size / u;
                    for (int r = 0; r < rows; r++) {
                        for (int j = 0; j < u; j++) {
                            dFwd.set(r * u + j, d.get(r * 2 * u + j));
                            dBwd.set(r * u + j, d.get(r * 2 * u + u + j));
                        }
                    }
                }
                case "sum" -> {
                    dFwd.copyFrom(d);
                    dBwd.copyFrom(d);
                }
                case "mul" -> {
                    for (int i = 0; i < y.size; i++) {
                        dFwd.set(i, d.get(i) * yr.get(i));
                        dBwd.set(i, d.get(i) * y.get(i));
                    }
                }
                case "ave" -> {
                    for (int i = 0; i < y.size; i++) {
                        dFwd.set(i, d.get(i) / 2);
                        dBwd.set(i, d.get(i) / 2);
                    }
                }
                default -> throw new IllegalStateException("merge_mode " + mode);
            }
            df = dFwd;
            db = dBwd;
        }
        Tensor gf = df == null ? null : fwd.backward(df, ctx, inputGradients());
        Tensor gb = db == null ? null : bwd.backward(db, ctx, inputGradients());
        if (gf == null || gb == null) {
            return new Tensor[] {gf != null ? gf : gb};
        }
        dx = ensure(dx, ctx.type, gf.shape);
        for (int i = 0; i < dx.size; i++) {
            dx.set(i, gf.get(i) + gb.get(i));
        }
        return new Tensor[] {dx};
    }

    @Override
    public Tensor outputMask(Tensor[] in, Tensor[] masks) {
        return fwd.returnSequences && masks.length > 0 ? masks[0] : null;
    }
}
