package dev.nnl.runtime.kernels.merge;

import dev.nnl.compiler.ir.LayerNode;
import dev.nnl.runtime.kernels.Kernel;
import dev.nnl.runtime.kernels.RunContext;
import dev.nnl.runtime.tensor.Tensor;
import java.util.Arrays;

/**
 * keras.layers.Concatenate along any non-batch axis: for each index of the axes before
 * {@code axis}, each input contributes one contiguous block, so forward and backward are bulk
 * copies.
 *
 * <p>Mask, as Keras 3 (keras/src/layers/merging/concatenate.py, since keras-team/keras#19685):
 * none when no input has one; otherwise each input's mask is broadcast over its last axis (all
 * real for an input without a mask), the results are concatenated along {@code axis}, and the
 * output mask is their logical OR over the last axis. For 3D inputs that is the steps mask of
 * the output: the masks joined along the steps for axis=1, and OR-ed for axis=-1.
 */
public final class ConcatenateKernel extends Kernel {
    private final int axis;
    private long[][] inShapes;
    private Tensor out;
    private Tensor[] dx;
    private Tensor mask;
    private int outer;
    private int[] block;
    private int outBlock;

    public ConcatenateKernel(LayerNode node) {
        super(node);
        long a = node.args().getLong("axis");
        int rank = node.outputShapes().get(0).rank() + 1;
        this.axis = (int) (a < 0 ? a + rank : a);
    }

    private void prepare(Tensor[] in, RunContext ctx) {
        long[][] shapes = new long[in.length][];
        for (int i = 0; i < in.length; i++) {
            shapes[i] = in[i].shape;
        }
        if (Arrays.deepEquals(shapes, inShapes) && out.dataType() == ctx.type) {
            return;
        }
        inShapes = shapes;
        long[] outShape = shapes[0].clone();
        outShape[axis] = 0;
        for (long[] s : shapes) {
            outShape[axis] += s[axis];
        }
        out = Tensor.zeros(ctx.type, outShape);
        outer = 1;
        for (int d = 0; d < axis; d++) {
            outer *= (int) outShape[d];
        }
        block = new int[in.length];
        dx = new Tensor[in.length];
        for (int i = 0; i < in.length; i++) {
            block[i] = in[i].size / outer;
            dx[i] = Tensor.zeros(ctx.type, shapes[i]);
        }
        outBlock = out.size / outer;
    }

    @Override
    public Tensor[] forward(Tensor[] in, Tensor[] masks, RunContext ctx) {
        prepare(in, ctx);
        Tensor o = out;
        int offset = 0;
        for (int i = 0; i < in.length; i++) {
            Tensor x = in[i];
            for (int r = 0; r < outer; r++) {
                x.copyTo(r * block[i], o, r * outBlock + offset, block[i]);
            }
            offset += block[i];
        }
        return new Tensor[] {out};
    }

    @Override
    public Tensor[] backward(Tensor[] in, Tensor[] masks, Tensor[] dOut, RunContext ctx) {
        Tensor dz = dOut[0];
        int offset = 0;
        for (int i = 0; i < in.length; i++) {
            Tensor d = dx[i];
            for (int r = 0; r < outer; r++) {
                dz.copyTo(r * outBlock + offset, d, r * block[i], block[i]);
            }
            offset += block[i];
        }
        return dx.clone();
    }

    @Override
    public Tensor outputMask(Tensor[] in, Tensor[] masks) {
        boolean any = false;
        for (Tensor m : masks) {
            any |= m != null;
        }
        long[] outShape = out.shape;
        if (!any || outShape.length < 3) {
            return null;
        }
        int last = (int) outShape[outShape.length - 1];
        mask = ensure(mask, in[0].dataType(), Arrays.copyOf(outShape, outShape.length - 1));
        mask.fill(0);
        int offset = 0;
        for (int i = 0; i < in.length; i++) {
            Tensor m = masks[i];
            Tensor x = in[i];
            int rest = m == null ? 1 : x.size / m.size;
            for (int r = 0; r < outer; r++) {
                for (int k = 0; k < block[i]; k++) {
                    int e = r * block[i] + k;
                    if (m == null || m.get(e / rest) != 0) {
                        mask.set((r * outBlock + offset + k) / last, 1);
                    }
                }
            }
            offset += block[i];
        }
        return mask;
    }
}
