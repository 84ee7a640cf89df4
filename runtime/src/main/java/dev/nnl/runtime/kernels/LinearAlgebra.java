package dev.nnl.runtime.kernels;

import dev.nnl.runtime.plan.Tensor;
import org.nd4j.linalg.factory.Nd4j;

/** Matrix products through BLAS (ND4J's gemm, into preallocated outputs) and small row/column loops. */
public final class LinearAlgebra {
    private LinearAlgebra() {
    }

    /** {@code c = op(a)·op(b) + beta·c} on 2D tensors. */
    public static void gemm(Tensor a, boolean transA, Tensor b, boolean transB, Tensor c, double beta) {
        Nd4j.gemm(a.array, b.array, c.array, transA, transB, 1.0, beta);
    }

    /** Adds {@code v} to every row of the 2D tensor {@code m}. */
    public static void addRowVector(Tensor m, Tensor v) {
        int cols = v.size;
        for (int r = 0; r < m.size; r += cols) {
            for (int j = 0; j < cols; j++) {
                m.set(r + j, m.get(r + j) + v.get(j));
            }
        }
    }

    /** {@code acc[j] += Σ_i m[i, j]}: a bias gradient. */
    public static void addColumnSums(Tensor m, Tensor acc) {
        int cols = acc.size;
        for (int j = 0; j < cols; j++) {
            double sum = 0;
            for (int r = j; r < m.size; r += cols) {
                sum += m.get(r);
            }
            acc.set(j, acc.get(j) + sum);
        }
    }
}
