package dev.nnl.runtime.kernels.core;

import dev.nnl.compiler.ir.LayerNode;
import dev.nnl.runtime.kernels.Kernel;
import dev.nnl.runtime.kernels.RunContext;
import dev.nnl.runtime.tensor.Tensor;

/** An elementwise layer with arguments (ReLU, LeakyReLU, ELU): {@code f} and {@code f'} per element. */
public abstract class ElementwiseKernel extends Kernel {
    private Tensor out;
    private Tensor dx;

    protected ElementwiseKernel(LayerNode node) {
        super(node);
    }

    protected abstract double f(double x);

    /** The derivative at x. */
    protected abstract double df(double x);

    @Override
    public Tensor[] forward(Tensor[] in, Tensor[] masks, RunContext ctx) {
        Tensor x = in[0];
        out = ensure(out, ctx.type, x.shape);
        for (int i = 0; i < x.size; i++) {
            out.set(i, f(x.get(i)));
        }
        return new Tensor[] {out};
    }

    @Override
    public Tensor[] backward(Tensor[] in, Tensor[] masks, Tensor[] dOut, RunContext ctx) {
        Tensor x = in[0];
        dx = ensure(dx, ctx.type, x.shape);
        for (int i = 0; i < x.size; i++) {
            dx.set(i, dOut[0].get(i) * df(x.get(i)));
        }
        return new Tensor[] {dx};
    }

    /** keras.layers.ReLU: threshold, negative slope below it, optional cap. */
    public static final class ReLU extends ElementwiseKernel {
        private final double max;
        private final double slope;
        private final double threshold;

        public ReLU(LayerNode node) {
            super(node);
            Object m = node.args().get("max_value");
            this.max = m == null ? Double.POSITIVE_INFINITY : (Double) m;
            this.slope = node.args().getDouble("negative_slope");
            this.threshold = node.args().getDouble("threshold");
        }

        @Override
        protected double f(double x) {
            return x >= max ? max : x >= threshold ? x : slope * (x - threshold);
        }

        @Override
        protected double df(double x) {
            return x >= max ? 0 : x >= threshold ? 1 : slope;
        }
    }

    /** keras.layers.LeakyReLU. */
    public static final class LeakyReLU extends ElementwiseKernel {
        private final double slope;

        public LeakyReLU(LayerNode node) {
            super(node);
            this.slope = node.args().getDouble("negative_slope");
        }

        @Override
        protected double f(double x) {
            return x >= 0 ? x : slope * x;
        }

        @Override
        protected double df(double x) {
            return x >= 0 ? 1 : slope;
        }
    }

    /** keras.layers.ELU. */
    public static final class ELU extends ElementwiseKernel {
        private final double alpha;

        public ELU(LayerNode node) {
            super(node);
            this.alpha = node.args().getDouble("alpha");
        }

        @Override
        protected double f(double x) {
            return x > 0 ? x : alpha * Math.expm1(x);
        }

        @Override
        protected double df(double x) {
            return x > 0 ? 1 : alpha * Math.exp(x);
        }
    }
}
