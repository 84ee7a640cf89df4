package dev.nnl.runtime.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.nnl.runtime.Models;
import dev.nnl.runtime.plan.Plan;
import dev.nnl.runtime.tensor.Tensor;
import dev.nnl.runtime.threads.Parallel;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/** The float32 fast paths (oneDNN products split over threads, heap-array passes) against plain references. */
class FloatPathTest {
    private final SplittableRandom rng = new SplittableRandom(7);

    /** The split sizes before they were measured (docs/performance.md): small enough that these tensors split. */
    @BeforeEach
    void splitSmallWork() {
        Parallel.setSplitSizes(1 << 15, 2_000_000);
    }

    @AfterEach
    void restoreThreads() {
        Parallel.setThreads(Runtime.getRuntime().availableProcessors());
        Parallel.resetSplitSizes();
    }

    private Tensor random(DataType type, long... shape) {
        Tensor t = Tensor.zeros(type, shape);
        for (int i = 0; i < t.size; i++) {
            t.set(i, rng.nextDouble(-1, 1));
        }
        return t;
    }

    @Test
    void gemmMatchesAReferenceForEveryTransposeWholeAndSplit() {
        // 300x120 by 120x70 is ~5 MFLOP: above the split threshold, so two threads take blocks of
        // rows (m >= n) or, transposed, of columns (m < n).
        for (int threads : new int[] {1, 2}) {
            Parallel.setThreads(threads);
            for (long[] mnk : new long[][] {{300, 70, 120}, {70, 300, 120}, {5, 3, 4}}) {
                long m = mnk[0];
                long n = mnk[1];
                long k = mnk[2];
                for (boolean ta : new boolean[] {false, true}) {
                    for (boolean tb : new boolean[] {false, true}) {
                        Tensor a = ta ? random(DataType.FLOAT, k, m) : random(DataType.FLOAT, m, k);
                        Tensor b = tb ? random(DataType.FLOAT, n, k) : random(DataType.FLOAT, k, n);
                        Tensor c = random(DataType.FLOAT, m, n);
                        double[] expected = new double[(int) (m * n)];
                        for (int i = 0; i < m; i++) {
                            for (int j = 0; j < n; j++) {
                                double s = c.get((int) (i * n + j));
                                for (int q = 0; q < k; q++) {
                                    s += a.get((int) (ta ? q * m + i : i * k + q)) * b.get((int) (tb ? j * k + q : q * n + j));
                                }
                                expected[(int) (i * n + j)] = s;
                            }
                        }
                        LinearAlgebra.gemm(a, ta, b, tb, c, 1);
                        for (int i = 0; i < expected.length; i++) {
                            assertEquals(expected[i], c.get(i), 1e-3, "threads " + threads + " " + m + "x" + n + "x" + k
                                    + (ta ? " Aᵀ" : "") + (tb ? " Bᵀ" : "") + " at " + i);
                        }
                    }
                }
            }
        }
    }

    @Test
    void reuseSharesTheLargerAllocationZeroed() {
        Tensor big = random(DataType.FLOAT, 8, 5);
        Tensor small = Tensor.reuse(big, DataType.FLOAT, 3, 5);
        assertArrayEquals(new long[] {3, 5}, small.shape);
        for (int i = 0; i < small.size; i++) {
            assertEquals(0, small.get(i));
        }
        small.set(0, 42);
        assertEquals(42, big.get(0), "the same memory");
        Tensor again = Tensor.reuse(small, DataType.FLOAT, 8, 5);
        again.set(39, 7);
        assertEquals(7, big.get(39), "back to the full size, still the first allocation");
        Tensor bigger = Tensor.reuse(again, DataType.FLOAT, 9, 5);
        bigger.set(0, 1);
        assertEquals(0, big.get(0), "a larger shape gets its own memory");
        assertSame(DataType.DOUBLE, Tensor.reuse(big, DataType.DOUBLE, 2, 2).dataType());
    }

    @Test
    void maxPoolingFloatPathMatchesTheFloat64PathWithTies() {
        String model = """
                model P {
                    input x: (7, 6, 3)
                    MaxPooling2D(2)
                }
                """;
        Tensor x32 = Tensor.zeros(DataType.FLOAT, 4, 7, 6, 3);
        Tensor x64 = Tensor.zeros(DataType.DOUBLE, 4, 7, 6, 3);
        Tensor d32 = Tensor.zeros(DataType.FLOAT, 4, 3, 3, 3);
        Tensor d64 = Tensor.zeros(DataType.DOUBLE, 4, 3, 3, 3);
        for (int i = 0; i < x32.size; i++) {
            // Few distinct values (ReLU outputs are often 0): windows with ties take the first maximum.
            double v = rng.nextInt(4) == 0 ? 0 : rng.nextInt(3);
            x32.set(i, v);
            x64.set(i, v);
        }
        for (int i = 0; i < d32.size; i++) {
            double v = rng.nextDouble(-1, 1);
            d32.set(i, v);
            d64.set(i, v);
        }
        Tensor[] f = run(model, DataType.FLOAT, x32, d32);
        Tensor[] d = run(model, DataType.DOUBLE, x64, d64);
        for (int k = 0; k < 2; k++) {
            assertEquals(d[k].size, f[k].size);
            for (int i = 0; i < f[k].size; i++) {
                assertEquals(d[k].get(i), f[k].get(i), 1e-6, (k == 0 ? "output " : "input gradient ") + i);
            }
        }
    }

    private static Tensor[] run(String model, DataType type, Tensor x, Tensor dOut) {
        Plan plan = new Plan(Models.model(model), type);
        RunContext ctx = new RunContext(type, true, 1);
        Tensor y = plan.forward(new Tensor[] {x}, ctx)[0];
        Tensor dx = plan.backward(new Tensor[] {dOut}, ctx)[0];
        return new Tensor[] {y, dx};
    }
}
