package dev.nnl.runtime.kernels.recurrent;

import dev.nnl.compiler.layers.LayerArgs;
import dev.nnl.runtime.kernels.LinearAlgebra;
import dev.nnl.runtime.tensor.Tensor;

/** keras.layers.SimpleRNN: {@code h' = act(x·W + h·U + b)}; z keeps the pre-activations. */
final class SimpleRnnCore extends RecurrentCore {
    SimpleRnnCore(String layer, String prefix, LayerArgs args, boolean goBackwards) {
        super(layer, prefix, args, RecurrentCell.SIMPLE_RNN.gates(), goBackwards);
    }

    @Override
    void allocate() {
    }

    @Override
    void step(int s, Tensor hd) {
        LinearAlgebra.gemm(hd, false, recurrent.value(), false, zStep[s], 1);
        Tensor z = this.z;
        Tensor h = this.h;
        Tensor bv = bias == null ? null : bias.value();
        CellActivation act = this.act;
        int B = batch;
        int U = units;
        for (int r = 0; r < B; r++) {
            int prev = (s * B + r) * U;
            int next = prev + B * U;
            if (!live(s, r)) {
                h.copyTo(prev, h, next, U);
                continue;
            }
            for (int j = 0; j < U; j++) {
                double v = z.get(prev + j);
                if (bv != null) {
                    v += bv.get(j);
                }
                z.set(prev + j, v);
                h.set(next + j, act.f(v));
            }
        }
    }

    @Override
    void stepBackward(int s, Tensor hd, boolean needState) {
        Tensor z = this.z;
        Tensor h = this.h;
        Tensor dz = this.dz;
        Tensor dhNext = this.dhNext;
        CellActivation act = this.act;
        int B = batch;
        int U = units;
        for (int r = 0; r < B; r++) {
            int prev = (s * B + r) * U;
            if (!live(s, r)) {
                dz.zero(prev, U);
                continue;
            }
            int next = prev + B * U;
            int row = r * U;
            for (int j = 0; j < U; j++) {
                dz.set(prev + j, dhNext.get(row + j) * act.df(z.get(prev + j), h.get(next + j)));
                dhNext.set(row + j, 0);
            }
        }
        if (needState) {
            backToState(dzStep[s], recurrent.value());
        }
    }
}
