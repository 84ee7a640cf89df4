package dev.nnl.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnl.runtime.kernels.Kernel;
import dev.nnl.runtime.kernels.RunContext;
import dev.nnl.runtime.kernels.conv.ConvGeometry;
import dev.nnl.runtime.plan.Plan;
import dev.nnl.runtime.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Keras 3 behaviour that the inference-mode forward fixtures cannot show: training-mode
 * BatchNormalization (batch statistics, moving averages, masked moments), masks through merges
 * and pooling, and the padding arithmetic itself. Expected values are written out by hand.
 */
class KerasSemanticsTest {
    private static final RunContext TRAIN = new RunContext(DataType.DOUBLE, true, 0);
    private static final RunContext INFER = new RunContext(DataType.DOUBLE, false, 0);

    private static Tensor t(long[] shape, double... v) {
        Tensor x = Tensor.zeros(DataType.DOUBLE, shape);
        for (int i = 0; i < v.length; i++) {
            x.set(i, v[i]);
        }
        return x;
    }

    private static long[] s(long... d) {
        return d;
    }

    private static void close(double want, double got) {
        assertEquals(want, got, 1e-9);
    }

    private static Plan plan(String body) {
        Plan p = new Plan(Models.model("model M {\n " + body + "\n}\n"), DataType.DOUBLE);
        p.initialize(1);
        return p;
    }

    @Test
    void tensorflowSamePaddingPutsTheExtraCellAfterTheData() {
        // n=6, k=3, s=2: out 3, total (3-1)·2+3-6 = 1 → 0 before, 1 after.
        assertArrayEquals(new int[] {3, 0}, ConvGeometry.axis(6, 3, 2, 1, "same"));
        // n=5, k=4, s=1: out 5, total 3 → 1 before, 2 after.
        assertArrayEquals(new int[] {5, 1}, ConvGeometry.axis(5, 4, 1, 1, "same"));
        // dilation 2, k=3: effective 5; n=7: total 4 → 2 before.
        assertArrayEquals(new int[] {7, 2}, ConvGeometry.axis(7, 3, 1, 2, "same"));
        // causal: dilation·(k−1) before, out = ceil(n/s).
        assertArrayEquals(new int[] {4, 4}, ConvGeometry.axis(7, 3, 2, 2, "causal"));
        assertArrayEquals(new int[] {2, 0}, ConvGeometry.axis(7, 3, 2, 2, "valid"));
    }

    @Test
    void averagePoolingWithSamePaddingDividesByRealCells() {
        Plan p = plan("input x: (3, 3, 1)\n AveragePooling2D(2, padding=same)");
        Tensor x = t(s(1, 3, 3, 1), 1, 2, 3, 4, 5, 6, 7, 8, 9);
        Tensor y = p.forward(new Tensor[] {x}, INFER)[0];
        assertArrayEquals(s(1, 2, 2, 1), y.shape);
        close((1 + 2 + 4 + 5) / 4.0, y.get(0));
        close((3 + 6) / 2.0, y.get(1));
        close((7 + 8) / 2.0, y.get(2));
        close(9, y.get(3));
        Plan m = plan("input x: (3, 3, 1)\n MaxPooling2D(2, padding=same)");
        Tensor neg = t(s(1, 3, 3, 1), -1, -2, -3, -4, -5, -6, -7, -8, -9);
        Tensor z = m.forward(new Tensor[] {neg}, INFER)[0];
        close(-1, z.get(0));
        close(-3, z.get(1));
        close(-7, z.get(2));
        close(-9, z.get(3));
    }

    @Test
    void poolingStridesDefaultToThePoolSize() {
        Plan p = plan("input x: (6, 1)\n MaxPooling1D(3)");
        Tensor y = p.forward(new Tensor[] {t(s(1, 6, 1), 1, 5, 2, 0, 3, 4)}, INFER)[0];
        assertArrayEquals(s(1, 2, 1), y.shape);
        close(5, y.get(0));
        close(4, y.get(1));
    }

    @Test
    void maskedGlobalPooling() {
        // ids [[3, 0, 5], [0, 0, 0]]: the second row has no real step.
        Plan p = plan("input x: (3) int32\n Embedding(6, 2, mask_zero=true, embeddings_initializer=zeros)\n GlobalAveragePooling1D()");
        Tensor table = p.store().slot(p.kernels().get(0).node().name(), "embeddings").value();
        for (int i = 0; i < table.size; i++) {
            table.set(i, i);
        }
        Tensor y = p.forward(new Tensor[] {t(s(2, 3), 3, 0, 5, 0, 0, 0)}, INFER)[0];
        close((6 + 10) / 2.0, y.get(0));
        close((7 + 11) / 2.0, y.get(1));
        close(0, y.get(2));
        close(0, y.get(3));
        Plan q = plan("input x: (3) int32\n Embedding(6, 2, mask_zero=true, embeddings_initializer=zeros)\n GlobalMaxPooling1D()");
        Tensor table2 = q.store().slot(q.kernels().get(0).node().name(), "embeddings").value();
        for (int i = 0; i < table2.size; i++) {
            table2.set(i, -i);
        }
        Tensor z = q.forward(new Tensor[] {t(s(1, 3), 3, 0, 5)}, INFER)[0];
        // Keras 3's GlobalMaxPooling1D ignores the mask: the padding row (0, -1) wins.
        close(0, z.get(0));
        close(-1, z.get(1));
    }

    @Test
    void convolutionAndPoolingDropTheMask() {
        for (String layer : new String[] {"Conv1D(2, 1, kernel_initializer=ones)", "MaxPooling1D(1)", "AveragePooling1D(1)"}) {
            Plan p = plan("input x: (3) int32\n Embedding(6, 2, mask_zero=true)\n " + layer + "\n GlobalAveragePooling1D()");
            Tensor table = p.store().slot(p.kernels().get(0).node().name(), "embeddings").value();
            for (int i = 0; i < table.size; i++) {
                table.set(i, i);
            }
            for (var slot : p.store().slots()) {
                if (slot.weight().name().equals("bias")) {
                    slot.value().fill(0);
                }
            }
            Tensor y = p.forward(new Tensor[] {t(s(1, 3), 3, 0, 5)}, INFER)[0];
            // The padding step (id 0 → (0, 1)) is averaged in: no mask reaches the pooling.
            double want = layer.startsWith("Conv") ? (13 + 1 + 21) / 3.0 : (6 + 0 + 10) / 3.0;
            close(want, y.get(0));
        }
    }

    @Test
    void batchNormalizationTrainingUsesBatchStatisticsAndUpdatesTheMovingOnes() {
        Plan p = plan("input x: (2)\n BatchNormalization(momentum=0.9, epsilon=0.01)");
        String name = p.kernels().get(0).node().name();
        Tensor x = t(s(4, 2), 1, 10, 2, 20, 3, 30, 6, 40);
        Tensor y = p.forward(new Tensor[] {x}, TRAIN)[0];
        // Batch 1: mean (3, 25), biased variance (14/4, 500/4) = (3.5, 125).
        close((1 - 3) / Math.sqrt(3.5 + 0.01), y.get(0));
        close((40 - 25) / Math.sqrt(125 + 0.01), y.get(7));
        Tensor x2 = t(s(2, 2), 0, 0, 4, 8);
        p.forward(new Tensor[] {x2}, TRAIN);
        // Batch 2: mean (2, 4), biased variance (4, 16). The moving statistics start at mean 0 and
        // variance 1 and follow moving · 0.9 + batch · 0.1 twice:
        //   mean:     0 → 0.3  → 0.27 + 0.2  = 0.47      0 → 2.5  → 2.25 + 0.4  = 2.65
        //   variance: 1 → 1.25 → 1.125 + 0.4 = 1.525     1 → 13.4 → 12.06 + 1.6 = 13.66
        Tensor mm = p.store().slot(name, "moving_mean").value();
        Tensor mv = p.store().slot(name, "moving_variance").value();
        close(0.47, mm.get(0));
        close(2.65, mm.get(1));
        close(1.525, mv.get(0));
        close(13.66, mv.get(1));
        // Inference uses the moving statistics, then gamma and beta (set here away from 1 and 0).
        Tensor gamma = p.store().slot(name, "gamma").value();
        Tensor beta = p.store().slot(name, "beta").value();
        gamma.set(0, 2);
        gamma.set(1, -0.5);
        beta.set(0, 1);
        beta.set(1, 3);
        Tensor yi = p.forward(new Tensor[] {t(s(1, 2), 5, -1)}, INFER)[0];
        close(2 * (5 - 0.47) / Math.sqrt(1.525 + 0.01) + 1, yi.get(0));
        close(-0.5 * (-1 - 2.65) / Math.sqrt(13.66 + 0.01) + 3, yi.get(1));
        // the same two numbers written out, so a slip in the expressions above cannot go unnoticed
        assertEquals(8.312637, yi.get(0), 1e-6);
        assertEquals(3.493604, yi.get(1), 1e-6);
        // inference leaves the moving statistics alone
        close(0.47, mm.get(0));
        close(13.66, mv.get(1));
        int statistic = p.store().slot(name, "moving_mean").offset();
        assertTrue(p.store().trainableRuns().stream().noneMatch(r -> r[0] <= statistic && statistic < r[1]),
                "the optimizer never visits the moving statistics");
    }

    @Test
    void batchNormalizationMaskedMomentsAsKeras() {
        Plan p = plan("input x: (3, 1)\n BatchNormalization(momentum=0, epsilon=0.01)");
        Kernel bn = p.kernels().get(0);
        Tensor x = t(s(2, 3, 1), 1, 2, 100, 4, -50, -60);
        Tensor mask = t(s(2, 3), 1, 1, 0, 1, 0, 0);
        Tensor y = bn.forward(new Tensor[] {x}, new Tensor[] {mask}, TRAIN)[0];
        double w = 3 + 1e-7;
        double mean = 7 / w;
        double var = (Math.pow(1 - mean, 2) + Math.pow(2 - mean, 2) + Math.pow(4 - mean, 2)) / w;
        close((100 - mean) / Math.sqrt(var + 0.01), y.get(2));
        close(mean, p.store().slot(bn.node().name(), "moving_mean").value().get(0));
    }

    @Test
    void layerNormalizationRmsScalingKeepsTheMeanInX() {
        Plan p = plan("input x: (3)\n LayerNormalization(rms_scaling=true, epsilon=0.01)");
        Tensor y = p.forward(new Tensor[] {t(s(1, 3), 1, 2, 6)}, INFER)[0];
        double var = (4 + 1 + 9) / 3.0;
        close(1 / Math.sqrt(var + 0.01), y.get(0));
        close(6 / Math.sqrt(var + 0.01), y.get(2));
    }

    /**
     * Runs merge kernel {@code merge} on x (ids t, masked where 0), y (ids u, likewise) and v
     * (no mask), each (1, 3, 1) with the ids as values; returns {output, output mask}.
     */
    private static Tensor[] merge(String merge, double[] t, double[] u, double[] v) {
        String args = merge.substring(merge.indexOf('(') + 1, merge.length() - 1);
        Plan p = plan("input x: (3, 1)\n input y: (3, 1)\n input v: (3, 1)\n output " + merge);
        Kernel k = p.kernels().get(0);
        java.util.List<Tensor> in = new java.util.ArrayList<>();
        java.util.List<Tensor> masks = new java.util.ArrayList<>();
        for (String name : args.split(",")) {
            name = name.trim();
            if (name.startsWith("axis")) {
                continue;
            }
            double[] vals = name.equals("x") ? t : name.equals("y") ? u : v;
            in.add(t(s(1, 3, 1), vals));
            Tensor m = null;
            if (!name.equals("v")) {
                m = t(s(1, 3));
                for (int i = 0; i < 3; i++) {
                    m.set(i, vals[i] == 0 ? 0 : 1);
                }
            }
            masks.add(m);
        }
        Tensor[] x = in.toArray(new Tensor[0]);
        Tensor[] m = masks.toArray(new Tensor[0]);
        Tensor out = k.forward(x, m, INFER)[0];
        return new Tensor[] {out, k.outputMask(x, m)};
    }

    @Test
    void mergeMasksAreOredAndMaskedValuesIgnored() {
        double[] t = {3, 0, 0};
        double[] u = {0, 5, 0};
        double[] v = {-1, -2, -3};
        Tensor[] add = merge("Add(x, y)", t, u, v);
        assertArrayEquals(new double[] {3, 5, 0}, values(add[0]));
        assertArrayEquals(new double[] {1, 1, 0}, values(add[1]));
        Tensor[] max = merge("Maximum(x, v)", t, u, v);
        // x is masked at steps 1 and 2: v decides there; v has no mask, so the output has none.
        assertArrayEquals(new double[] {3, -2, -3}, values(max[0]));
        assertNull(max[1]);
        Tensor[] min = merge("Minimum(x, y)", t, u, v);
        assertArrayEquals(new double[] {3, 5, 0}, values(min[0]));
        Tensor[] mul = merge("Multiply(x, y)", new double[] {3, 0, 2}, new double[] {0, 5, 4}, v);
        // masked values count as 1; where neither is real (none here) the output would be 0.
        assertArrayEquals(new double[] {3, 5, 8}, values(mul[0]));
        Tensor[] mul0 = merge("Multiply(x, y)", t, u, v);
        assertArrayEquals(new double[] {3, 5, 0}, values(mul0[0]));
        Tensor[] cat = merge("Concatenate(x, y, axis=1)", t, u, v);
        assertArrayEquals(new double[] {1, 0, 0, 0, 1, 0}, values(cat[1]));
        Tensor[] catLast = merge("Concatenate(x, v)", t, u, v);
        // an unmasked input counts as real everywhere, and the last axis is OR-ed.
        assertArrayEquals(new double[] {1, 1, 1}, values(catLast[1]));
    }

    private static double[] values(Tensor x) {
        double[] v = new double[x.size];
        for (int i = 0; i < v.length; i++) {
            v[i] = x.get(i);
        }
        return v;
    }
}
