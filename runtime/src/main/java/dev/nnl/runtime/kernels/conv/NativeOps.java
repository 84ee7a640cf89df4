package dev.nnl.runtime.kernels.conv;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * libnd4j's conv2d / conv2d_bp / maxpool2d(_bp) / avgpool2d(_bp) custom ops, called directly
 * into preallocated outputs (NHWC data, YXIO weights).
 *
 * <p>Integer arguments, as read by ND4J 1.0.0-M2.1's libnd4j
 * (libnd4j/include/ops/declarable/generic/nn/convo/conv2d.cpp, CUSTOM_OP_IMPL(conv2d, 2, 1, false, 0, 9)
 * and CUSTOM_OP_IMPL(conv2d_bp, 3, 2, false, 0, 9); and the Java wrapper
 * org.nd4j.linalg.api.ops.impl.layers.convolution.Conv2D#addArgs, which passes the same list):
 * <pre>
 *   conv2d, conv2d_bp: [0] kH, [1] kW, [2] sH, [3] sW, [4] pH, [5] pW, [6] dH, [7] dW,
 *                      [8] paddingMode (0 VALID, 1 SAME), [9] data format (0 NCHW, 1 NHWC),
 *                      [10] weights format (0 [kH, kW, iC, oC] = YXIO, 1 OIYX, 2 OYXI)
 *   conv2d inputs (x, w[, b]) → z;  conv2d_bp inputs (x, w[, b], dz) → (dx, dw[, db])
 * </pre>
 * In SAME mode the op recomputes pH/pW as floor(total padding / 2) (ConvolutionUtils::calcPadding2D),
 * with the extra cell after the data: TensorFlow's rule.
 * Pooling (libnd4j/include/ops/declarable/generic/nn/pooling/maxpool2d.cpp and avgpool2d.cpp,
 * CUSTOM_OP_IMPL(maxpool2d, 1, 1, false, 0, 9), CUSTOM_OP_IMPL(avgpool2d, 1, 1, false, 0, 10)):
 * <pre>
 *   [0] kH, [1] kW, [2] sH, [3] sW, [4] pH, [5] pW, [6] dH, [7] dW, [8] same mode,
 *   [9] extraParam0 (avg only: 0 divides by the real, non-padding cells, 1 by kH·kW),
 *   [10] data format (0 NCHW, 1 NHWC)
 *   *pool2d inputs x → z;  *pool2d_bp inputs (x, dz) → dx
 * </pre>
 * Pooling strides are explicit here: ND4J's own defaults (stride 1) differ from Keras (stride = pool).
 * The pooling kernels do not use these ops (a Java loop that records the argmax measured faster
 * for the whole forward + backward: maxpool2d_bp took ~10× the forward); ConvPathTest checks that
 * the ops with these arguments agree with the kernels.
 */
public final class NativeOps {
    private NativeOps() {
    }

    static int[] convArgs(ConvGeometry g, boolean same) {
        return new int[] {g.kh(), g.kw(), g.sh(), g.sw(), same ? 0 : g.padTop(), same ? 0 : g.padLeft(),
            g.dh(), g.dw(), same ? 1 : 0, 1, 0};
    }

    /** {@code z = conv(x, w) + b} (b may be null). */
    static void conv2d(INDArray x, INDArray w, INDArray b, INDArray z, int[] args) {
        DynamicCustomOp.DynamicCustomOpsBuilder op = DynamicCustomOp.builder("conv2d")
                .addIntegerArguments(args).addOutputs(z);
        op = b == null ? op.addInputs(x, w) : op.addInputs(x, w, b);
        Nd4j.exec(op.build());
    }

    /** Writes dx, dw (and db when b is not null); they are overwritten, not accumulated. */
    static void conv2dBp(INDArray x, INDArray w, INDArray b, INDArray dz, INDArray dx, INDArray dw, INDArray db,
                         int[] args) {
        DynamicCustomOp.DynamicCustomOpsBuilder op = DynamicCustomOp.builder("conv2d_bp").addIntegerArguments(args);
        if (b == null) {
            op = op.addInputs(x, w, dz).addOutputs(dx, dw);
        } else {
            op = op.addInputs(x, w, b, dz).addOutputs(dx, dw, db);
        }
        Nd4j.exec(op.build());
    }

    public static int[] poolArgs(ConvGeometry g, boolean same) {
        return new int[] {g.kh(), g.kw(), g.sh(), g.sw(), same ? 0 : g.padTop(), same ? 0 : g.padLeft(),
            1, 1, same ? 1 : 0, 0, 1};
    }

    public static void pool(String op, INDArray x, INDArray z, int[] args) {
        Nd4j.exec(DynamicCustomOp.builder(op).addInputs(x).addOutputs(z).addIntegerArguments(args).build());
    }

    public static void poolBp(String op, INDArray x, INDArray dz, INDArray dx, int[] args) {
        Nd4j.exec(DynamicCustomOp.builder(op + "_bp").addInputs(x, dz).addOutputs(dx).addIntegerArguments(args).build());
    }
}
