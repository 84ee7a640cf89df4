package dev.nnl.runtime.kernels;

import dev.nnl.runtime.plan.Floats;
import dev.nnl.runtime.plan.Tensor;
import org.bytedeco.dnnl.global.dnnl;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Matrix products into preallocated outputs, and small row/column loops. Float32 products go to
 * oneDNN's sgemm, called directly: on this project's shapes it runs 1.5-4x faster than ND4J's
 * gemm (its OpenBLAS 0.3.19 does not use AVX-512 here, and each ND4J op pays a dispatch), see
 * docs/performance.md. Float64 (gradient checks) stays on ND4J.
 */
public final class LinearAlgebra {
    private static final byte N = 'N';
    private static final byte T = 'T';

    private LinearAlgebra() {
    }

    /** {@code c = op(a)·op(b) + beta·c} on 2D tensors. */
    public static void gemm(Tensor a, boolean transA, Tensor b, boolean transB, Tensor c, double beta) {
        if (!c.isFloat()) {
            Nd4j.gemm(a.array, b.array, c.array, transA, transB, 1.0, beta);
            return;
        }
        long m = c.shape[0];
        long n = c.shape[1];
        long k = transA ? a.shape[0] : a.shape[1];
        if ((transB ? b.shape[1] : b.shape[0]) != k || (transA ? a.shape[1] : a.shape[0]) != m
                || (transB ? b.shape[0] : b.shape[1]) != n) {
            throw new IllegalArgumentException("gemm shapes " + java.util.Arrays.toString(a.shape) + (transA ? "T" : "")
                    + " x " + java.util.Arrays.toString(b.shape) + (transB ? "T" : "") + " -> " + java.util.Arrays.toString(c.shape));
        }
        // oneDNN's sgemm is row-major, as our tensors are: the leading dimension is the stored row length.
        int status = dnnl.dnnl_sgemm(transA ? T : N, transB ? T : N, m, n, k, 1f, a.pointer(), a.shape[1],
                b.pointer(), b.shape[1], (float) beta, c.pointer(), n);
        if (status != dnnl.dnnl_success) {
            throw new IllegalStateException("oneDNN sgemm failed with status " + status);
        }
    }

    /** Adds {@code v} to every row of the 2D tensor {@code m}. */
    public static void addRowVector(Tensor m, Tensor v) {
        int cols = v.size;
        if (Floats.all(m, v)) {
            float[] a = Floats.read(m, 0);
            float[] b = Floats.read(v, 1);
            for (int r = 0; r < m.size; r += cols) {
                for (int j = 0; j < cols; j++) {
                    a[r + j] += b[j];
                }
            }
            Floats.write(a, m);
            return;
        }
        for (int r = 0; r < m.size; r += cols) {
            for (int j = 0; j < cols; j++) {
                m.set(r + j, m.get(r + j) + v.get(j));
            }
        }
    }

    /** {@code acc[j] += Σ_i m[i, j]}: a bias gradient. */
    public static void addColumnSums(Tensor m, Tensor acc) {
        int cols = acc.size;
        if (Floats.all(m, acc)) {
            // Row by row, so the inner loop runs along memory and vectorizes.
            float[] a = Floats.read(m, 0);
            float[] s = Floats.read(acc, 1);
            for (int r = 0; r < m.size; r += cols) {
                for (int j = 0; j < cols; j++) {
                    s[j] += a[r + j];
                }
            }
            Floats.write(s, acc);
            return;
        }
        for (int j = 0; j < cols; j++) {
            double sum = 0;
            for (int r = j; r < m.size; r += cols) {
                sum += m.get(r);
            }
            acc.set(j, acc.get(j) + sum);
        }
    }
}
