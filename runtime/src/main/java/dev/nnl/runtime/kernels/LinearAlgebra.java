package dev.nnl.runtime.kernels;

import dev.nnl.runtime.tensor.Floats;
import dev.nnl.runtime.tensor.Tensor;
import dev.nnl.runtime.threads.Parallel;
import java.nio.FloatBuffer;
import org.bytedeco.dnnl.global.dnnl;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Matrix products into preallocated outputs, and small row/column loops. Float32 products go to
 * oneDNN's sgemm, called directly: on this project's shapes it runs 1.5-4x faster than ND4J's
 * gemm (its OpenBLAS 0.3.19 does not use AVX-512 here, and each ND4J op pays a dispatch), see
 * docs/performance.md. Float64 (gradient checks) stays on ND4J.
 *
 * <p>oneDNN runs single-threaded in every calling thread; a large product is split into blocks
 * of rows (or columns) that {@link Parallel} runs on its threads. OpenMP's own team would
 * busy-wait between products and take the core from the Java loops that run in between (the CNN
 * step took 48 ms with OpenMP's default spinning against 37 ms without, at 2 threads), while
 * one pool for all parallel work keeps {@code --threads} exact.
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
        // Row-major, as our tensors are: a leading dimension is the stored row length.
        long lda = a.shape[1];
        long ldb = b.shape[1];
        int parts = 2 * m * n * k < Parallel.minFlops() ? 1 : Parallel.threads();
        if (parts <= 1) {
            sgemm(transA, transB, m, n, k, a.pointer(), lda, b.pointer(), ldb, (float) beta, c.pointer(), n);
            return;
        }
        boolean byRows = m >= n;
        long len = byRows ? m : n;
        Parallel.range(parts, Long.MAX_VALUE, (from, to) -> {
            for (int p = from; p < to; p++) {
                long s = len * p / parts;
                long e = len * (p + 1) / parts;
                if (byRows) {
                    // Rows s..e of op(a) and of c.
                    sgemm(transA, transB, e - s, n, k, offset(a.pointer(), transA ? s : s * lda), lda, b.pointer(), ldb,
                            (float) beta, offset(c.pointer(), s * n), n);
                } else {
                    // Columns s..e of op(b) and of c.
                    sgemm(transA, transB, m, e - s, k, a.pointer(), lda, offset(b.pointer(), transB ? s * ldb : s), ldb,
                            (float) beta, offset(c.pointer(), s), n);
                }
            }
        });
    }

    private static FloatPointer offset(FloatPointer p, long elements) {
        return new FloatPointer(p).position(p.position() + elements);
    }

    private static void sgemm(boolean transA, boolean transB, long m, long n, long k, FloatPointer a, long lda,
                              FloatPointer b, long ldb, float beta, FloatPointer c, long ldc) {
        OneDnn.singleThreaded();
        int status = dnnl.dnnl_sgemm(transA ? T : N, transB ? T : N, m, n, k, 1f, a, lda, b, ldb, beta, c, ldc);
        if (status != dnnl.dnnl_success) {
            throw new IllegalStateException("oneDNN sgemm failed with status " + status);
        }
    }

    /** Sets every row of the 2D tensor {@code m} to {@code v}. */
    public static void setRows(Tensor m, Tensor v) {
        int cols = v.size;
        if (Floats.all(m, v)) {
            float[] b = Floats.read(v, 1);
            int block = Math.max(1, Floats.BLOCK / cols) * cols;
            int blocks = (m.size + block - 1) / block;
            FloatBuffer out = m.floats();
            Parallel.range(blocks, m.size, (first, last) -> {
                // One block of rows, each a copy of v, written as often as the part needs.
                float[] a = Floats.scratch(0, Math.min(m.size, block));
                for (int r = 0; r < a.length && r < block && r < m.size; r += cols) {
                    System.arraycopy(b, 0, a, r, cols);
                }
                for (int off = first * block; off < m.size && off < last * block; off += block) {
                    out.put(off, a, 0, Math.min(block, m.size - off));
                }
            });
            return;
        }
        for (int r = 0; r < m.size; r += cols) {
            v.copyTo(0, m, r, cols);
        }
    }

    /** Adds {@code v} to every row of the 2D tensor {@code m}. */
    public static void addRowVector(Tensor m, Tensor v) {
        int cols = v.size;
        if (Floats.all(m, v)) {
            float[] b = Floats.read(v, 1);
            int block = Math.max(1, Floats.BLOCK / cols) * cols;
            float[] a = Floats.scratch(0, Math.min(m.size, block));
            FloatBuffer buf = m.floats();
            for (int off = 0; off < m.size; off += block) {
                int len = Math.min(block, m.size - off);
                buf.get(off, a, 0, len);
                for (int r = 0; r < len; r += cols) {
                    for (int j = 0; j < cols; j++) {
                        a[r + j] += b[j];
                    }
                }
                buf.put(off, a, 0, len);
            }
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
            float[] s = Floats.read(acc, 1);
            int block = Math.max(1, Floats.BLOCK / cols) * cols;
            float[] a = Floats.scratch(0, Math.min(m.size, block));
            FloatBuffer buf = m.floats();
            for (int off = 0; off < m.size; off += block) {
                int len = Math.min(block, m.size - off);
                buf.get(off, a, 0, len);
                for (int r = 0; r < len; r += cols) {
                    for (int j = 0; j < cols; j++) {
                        s[j] += a[r + j];
                    }
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
