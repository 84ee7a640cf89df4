package dev.nnl.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnl.compiler.ir.LayerNode;
import dev.nnl.compiler.ir.ModelIR;
import dev.nnl.runtime.kernels.RunContext;
import dev.nnl.runtime.kernels.conv.ConvGeometry;
import dev.nnl.runtime.kernels.conv.ConvKernel;
import dev.nnl.runtime.kernels.conv.NativeOps;
import dev.nnl.runtime.plan.Plan;
import dev.nnl.runtime.tensor.ParamStore;
import dev.nnl.runtime.tensor.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The convolution paths (im2col + GEMM, oneDNN's primitives in float32, and libnd4j's
 * conv2d/conv2d_bp ops) against a direct six-loop reference of the Keras formula, forward and
 * backward, in float32 and float64.
 */
class ConvPathTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "input x: (7, 6, 3)  | Conv2D(4, 3)",
        "input x: (7, 6, 3)  | Conv2D(4, (3, 2), strides=(2, 3), padding=same)",
        "input x: (8, 8, 2)  | Conv2D(3, 2, strides=2, padding=same)",
        "input x: (6, 7, 2)  | Conv2D(3, (2, 3), strides=2, padding=same)",
        "input x: (9, 8, 2)  | Conv2D(3, 3, dilation_rate=(2, 3), padding=same)",
        "input x: (9, 8, 2)  | Conv2D(3, (3, 2), dilation_rate=2)",
        "input x: (6, 6, 4)  | Conv2D(6, 3, groups=2, padding=same)",
        "input x: (6, 6, 4)  | Conv2D(4, 1, use_bias=false)",
        "input x: (28, 28, 1)| Conv2D(8, 3)",
        "input x: (28, 28, 4)| Conv2D(8, 3, padding=same, strides=2)",
        "input x: (9, 3)     | Conv1D(4, 3)",
        "input x: (9, 3)     | Conv1D(4, 4, strides=2, padding=same)",
        "input x: (9, 3)     | Conv1D(4, 3, dilation_rate=2, padding=causal)",
        "input x: (9, 3)     | Conv1D(4, 2, strides=3, padding=causal)",
        "input x: (9, 4)     | Conv1D(6, 3, groups=2, padding=same, use_bias=false)",
    })
    void everyPathMatchesTheReference(String input, String layer) {
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            for (ConvKernel.Algorithm path : ConvKernel.Algorithm.values()) {
                check("model M {\n " + input + "\n " + layer + "\n}\n", type, path);
            }
        }
    }

    /** Pooling on inputs large enough to be split over threads, against a direct reference. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "MaxPooling2D(2)", "MaxPooling2D(3, strides=2, padding=same)",
        "AveragePooling2D(2)", "AveragePooling2D(3, strides=2, padding=same)",
    })
    void largePoolingMatchesTheReference(String layer) {
        Plan plan = new Plan(Models.model("model M {\n input x: (21, 20, 16)\n " + layer + "\n}\n"), DataType.FLOAT);
        SplittableRandom rng = new SplittableRandom(4);
        Tensor x = Tensor.zeros(DataType.FLOAT, 4, 21, 20, 16);
        for (int i = 0; i < x.size; i++) {
            x.set(i, rng.nextGaussian());
        }
        RunContext ctx = new RunContext(DataType.FLOAT, true, 1);
        var k = plan.kernels().get(0);
        Tensor z = k.forward(new Tensor[] {x}, new Tensor[] {null}, ctx)[0];
        boolean max = layer.startsWith("Max");
        int pool = layer.contains("(3") ? 3 : 2;
        int stride = layer.contains("strides=2") ? 2 : pool;
        String padding = layer.contains("same") ? "same" : "valid";
        ConvGeometry g = ConvGeometry.of(4, 21, 20, 16, pool, pool, stride, stride, 1, 1, padding);
        Tensor dz = Tensor.zeros(DataType.FLOAT, z.shape);
        for (int i = 0; i < dz.size; i++) {
            dz.set(i, rng.nextGaussian());
        }
        Tensor dx = k.backward(new Tensor[] {x}, new Tensor[] {null}, new Tensor[] {dz}, ctx)[0];
        double[] wantDx = new double[x.size];
        for (int b = 0; b < 4; b++) {
            for (int oy = 0; oy < g.oh(); oy++) {
                for (int ox = 0; ox < g.ow(); ox++) {
                    for (int c = 0; c < 16; c++) {
                        double best = Double.NEGATIVE_INFINITY;
                        int arg = -1;
                        double sum = 0;
                        int n = 0;
                        for (int i = 0; i < pool; i++) {
                            for (int j = 0; j < pool; j++) {
                                int iy = oy * stride - g.padTop() + i;
                                int ix = ox * stride - g.padLeft() + j;
                                if (iy < 0 || iy >= 21 || ix < 0 || ix >= 20) {
                                    continue;
                                }
                                int e = ((b * 21 + iy) * 20 + ix) * 16 + c;
                                if (x.get(e) > best) {
                                    best = x.get(e);
                                    arg = e;
                                }
                                sum += x.get(e);
                                n++;
                            }
                        }
                        int o = ((b * g.oh() + oy) * g.ow() + ox) * 16 + c;
                        assertClose(max ? best : sum / n, z.get(o), 1e-5, layer + " z[" + o + "]");
                        if (max) {
                            wantDx[arg] += dz.get(o);
                        } else {
                            for (int i = 0; i < pool; i++) {
                                for (int j = 0; j < pool; j++) {
                                    int iy = oy * stride - g.padTop() + i;
                                    int ix = ox * stride - g.padLeft() + j;
                                    if (iy >= 0 && iy < 21 && ix >= 0 && ix < 20) {
                                        wantDx[((b * 21 + iy) * 20 + ix) * 16 + c] += dz.get(o) / n;
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        for (int i = 0; i < wantDx.length; i++) {
            assertClose(wantDx[i], dx.get(i), 1e-5, layer + " dx[" + i + "]");
        }
    }

    /** libnd4j's maxpool2d/avgpool2d(_bp) with the documented integer arguments agree with the pooling kernels. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "MaxPooling2D(2)", "MaxPooling2D((3, 2), strides=(2, 1), padding=same)",
        "AveragePooling2D(2)", "AveragePooling2D(3, strides=2, padding=same)",
    })
    void nativePoolingOpsAgree(String layer) {
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            Plan plan = new Plan(Models.model("model M {\n input x: (7, 6, 3)\n " + layer + "\n}\n"), type);
            SplittableRandom rng = new SplittableRandom(6);
            Tensor x = Tensor.zeros(type, 2, 7, 6, 3);
            for (int i = 0; i < x.size; i++) {
                x.set(i, rng.nextGaussian());
            }
            RunContext ctx = new RunContext(type, true, 1);
            var k = plan.kernels().get(0);
            Tensor z = k.forward(new Tensor[] {x}, new Tensor[] {null}, ctx)[0];
            Tensor dz = Tensor.zeros(type, z.shape);
            for (int i = 0; i < dz.size; i++) {
                dz.set(i, rng.nextGaussian());
            }
            Tensor dx = k.backward(new Tensor[] {x}, new Tensor[] {null}, new Tensor[] {dz}, ctx)[0];
            var a = k.node().args();
            long[] pool = a.getLongs("pool_size");
            long[] strides = a.get("strides") == null ? pool : a.getLongs("strides");
            boolean same = a.getString("padding").equals("same");
            ConvGeometry g = ConvGeometry.of(2, 7, 6, 3, (int) pool[0], (int) pool[1], (int) strides[0], (int) strides[1], 1, 1,
                    a.getString("padding"));
            int[] args = NativeOps.poolArgs(g, same);
            String op = layer.startsWith("Max") ? "maxpool2d" : "avgpool2d";
            Tensor nz = Tensor.zeros(type, z.shape);
            Tensor ndx = Tensor.zeros(type, x.shape);
            NativeOps.pool(op, x.array, nz.array, args);
            NativeOps.poolBp(op, x.array, dz.array, ndx.array, args);
            double tol = type == DataType.FLOAT ? 1e-5 : 1e-12;
            for (int i = 0; i < z.size; i++) {
                assertClose(nz.get(i), z.get(i), tol, op + " " + type + " z[" + i + "]");
            }
            for (int i = 0; i < dx.size; i++) {
                assertClose(ndx.get(i), dx.get(i), tol, op + " " + type + " dx[" + i + "]");
            }
        }
    }

    private static void check(String source, DataType type, ConvKernel.Algorithm path) {
        ModelIR model = Models.model(source);
        Plan plan = new Plan(model, type);
        plan.initialize(5);
        SplittableRandom rng = new SplittableRandom(3);
        for (ParamStore.Slot s : plan.store().slots()) {
            for (int i = 0; i < s.value().size; i++) {
                s.value().set(i, rng.nextGaussian());
            }
        }
        ConvKernel k = (ConvKernel) plan.kernels().get(0);
        k.useAlgorithm(path);
        LayerNode node = k.node();
        long[] inShape = model.inputs().get(0).shape().prepend(3).dims();
        Tensor x = Tensor.zeros(type, inShape);
        for (int i = 0; i < x.size; i++) {
            x.set(i, rng.nextGaussian());
        }
        RunContext ctx = new RunContext(type, true, 1);
        Tensor z = k.forward(new Tensor[] {x}, new Tensor[] {null}, ctx)[0];
        Tensor w = plan.store().slot(node.name(), "kernel").value();
        Tensor b = node.args().getBool("use_bias") ? plan.store().slot(node.name(), "bias").value() : null;
        Reference ref = new Reference(node, x, w, b);
        assertArrayEquals(ref.outShape, z.shape, source);
        double tol = type == DataType.FLOAT ? 1e-4 : 1e-12;
        for (int i = 0; i < z.size; i++) {
            assertClose(ref.z[i], z.get(i), tol, "z[" + i + "] " + path + " " + type + "\n" + source);
        }
        Tensor dz = Tensor.zeros(type, z.shape);
        for (int i = 0; i < dz.size; i++) {
            dz.set(i, rng.nextGaussian());
        }
        plan.store().zeroGrads();
        Tensor dx = k.backward(new Tensor[] {x}, new Tensor[] {null}, new Tensor[] {dz}, ctx)[0];
        ref.backward(dz);
        for (int i = 0; i < dx.size; i++) {
            assertClose(ref.dx[i], dx.get(i), tol, "dx[" + i + "] " + path + " " + type + "\n" + source);
        }
        Tensor dw = plan.store().slot(node.name(), "kernel").grad();
        for (int i = 0; i < dw.size; i++) {
            assertClose(ref.dw[i], dw.get(i), tol, "dw[" + i + "] " + path + " " + type + "\n" + source);
        }
        if (b != null) {
            Tensor db = plan.store().slot(node.name(), "bias").grad();
            for (int i = 0; i < db.size; i++) {
                assertClose(ref.db[i], db.get(i), tol, "db[" + i + "] " + path + " " + type + "\n" + source);
            }
        }
        boolean ungrouped = node.args().getLong("groups") == 1;
        boolean nativePossible = ungrouped && !node.args().getString("padding").equals("causal");
        ConvKernel.Algorithm want = path == ConvKernel.Algorithm.NATIVE && nativePossible ? ConvKernel.Algorithm.NATIVE
                : path == ConvKernel.Algorithm.ONEDNN && ungrouped && type == DataType.FLOAT ? ConvKernel.Algorithm.ONEDNN
                : ConvKernel.Algorithm.GEMM;
        assertEquals(want, k.algorithm(), source);
    }

    private static void assertArrayEquals(long[] a, long[] b, String what) {
        org.junit.jupiter.api.Assertions.assertArrayEquals(a, b, what);
    }

    private static void assertClose(double want, double got, double tol, String what) {
        assertTrue(Math.abs(want - got) <= tol * Math.max(1, Math.abs(want)), () -> what + ": want " + want + ", got " + got);
    }

    /** The Keras formula written out directly, in double precision. */
    private static final class Reference {
        final int spatial;
        final int n;
        final int h;
        final int wd;
        final int c;
        final int f;
        final int groups;
        final ConvGeometry g;
        final double[] x;
        final double[] w;
        final double[] z;
        final long[] outShape;
        double[] dx;
        double[] dw;
        double[] db;

        Reference(LayerNode node, Tensor xt, Tensor wt, Tensor bt) {
            var a = node.args();
            spatial = node.className().equals("Conv2D") ? 2 : 1;
            long[] k = a.getLongs("kernel_size");
            long[] s = a.getLongs("strides");
            long[] d = a.getLongs("dilation_rate");
            n = (int) xt.shape[0];
            h = spatial == 2 ? (int) xt.shape[1] : 1;
            wd = (int) xt.shape[spatial];
            c = (int) xt.shape[spatial + 1];
            f = a.getInt("filters");
            groups = a.getInt("groups");
            g = ConvGeometry.of(n, h, wd, c, spatial == 2 ? (int) k[0] : 1, (int) k[spatial - 1],
                    spatial == 2 ? (int) s[0] : 1, (int) s[spatial - 1], spatial == 2 ? (int) d[0] : 1,
                    (int) d[spatial - 1], a.getString("padding"));
            x = values(xt);
            w = values(wt);
            outShape = spatial == 2 ? new long[] {n, g.oh(), g.ow(), f} : new long[] {n, g.ow(), f};
            z = new double[n * g.oh() * g.ow() * f];
            int cg = c / groups;
            int fg = f / groups;
            for (int b = 0; b < n; b++) {
                for (int oy = 0; oy < g.oh(); oy++) {
                    for (int ox = 0; ox < g.ow(); ox++) {
                        for (int o = 0; o < f; o++) {
                            double sum = bt == null ? 0 : bt.get(o);
                            int grp = o / fg;
                            for (int ki = 0; ki < g.kh(); ki++) {
                                for (int kj = 0; kj < g.kw(); kj++) {
                                    int iy = oy * g.sh() - g.padTop() + ki * g.dh();
                                    int ix = ox * g.sw() - g.padLeft() + kj * g.dw();
                                    if (iy < 0 || iy >= h || ix < 0 || ix >= wd) {
                                        continue;
                                    }
                                    for (int ci = 0; ci < cg; ci++) {
                                        sum += x[((b * h + iy) * wd + ix) * c + grp * cg + ci]
                                                * w[((ki * g.kw() + kj) * cg + ci) * f + o];
                                    }
                                }
                            }
                            z[((b * g.oh() + oy) * g.ow() + ox) * f + o] = sum;
                        }
                    }
                }
            }
        }

        void backward(Tensor dzt) {
            double[] dz = values(dzt);
            dx = new double[x.length];
            dw = new double[w.length];
            db = new double[f];
            int cg = c / groups;
            int fg = f / groups;
            for (int b = 0; b < n; b++) {
                for (int oy = 0; oy < g.oh(); oy++) {
                    for (int ox = 0; ox < g.ow(); ox++) {
                        for (int o = 0; o < f; o++) {
                            double gz = dz[((b * g.oh() + oy) * g.ow() + ox) * f + o];
                            db[o] += gz;
                            int grp = o / fg;
                            for (int ki = 0; ki < g.kh(); ki++) {
                                for (int kj = 0; kj < g.kw(); kj++) {
                                    int iy = oy * g.sh() - g.padTop() + ki * g.dh();
                                    int ix = ox * g.sw() - g.padLeft() + kj * g.dw();
                                    if (iy < 0 || iy >= h || ix < 0 || ix >= wd) {
                                        continue;
                                    }
                                    for (int ci = 0; ci < cg; ci++) {
                                        int xi = ((b * h + iy) * wd + ix) * c + grp * cg + ci;
                                        int wi = ((ki * g.kw() + kj) * cg + ci) * f + o;
                                        dx[xi] += gz * w[wi];
                                        dw[wi] += gz * x[xi];
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }

        private static double[] values(Tensor t) {
            double[] v = new double[t.size];
            for (int i = 0; i < v.length; i++) {
                v[i] = t.get(i);
            }
            return v;
        }
    }
}
