package dev.nnl.runtime.kernels.conv;

import dev.nnl.runtime.tensor.Floats;
import dev.nnl.runtime.tensor.Tensor;
import dev.nnl.runtime.threads.Parallel;

/**
 * im2col / col2im for NHWC data and the Keras kernel layout (kh, kw, in/groups, filters): row
 * {@code r = (b·oh + y)·ow + x} of the column matrix holds the receptive field of output (b, y, x)
 * in (ki, kj, channel) order, so the kernel reshaped to (kh·kw·cg, filters) multiplies it directly.
 * Channels are contiguous in NHWC, so each (ki, kj) tap is one bulk copy of {@code cg} values
 * (of {@code kw·c} values when a whole undilated kernel row is inside the image).
 */
final class Im2Col {
    private Im2Col() {
    }

    /**
     * Fills {@code col} (rows × kh·kw·cg, row-major) with the receptive fields of channel group
     * {@code group} (channels [group·cg, (group+1)·cg)).
     */
    static void im2col(ConvGeometry g, int cg, int group, Tensor x, Tensor col) {
        Parallel.range(g.batch(), (long) g.rows() * g.kh() * g.kw() * cg, (from, to) -> im2col(g, cg, group, x, col, from, to));
    }

    private static void im2col(ConvGeometry g, int cg, int group, Tensor x, Tensor col, int from, int to) {
        if (Floats.all(x, col)) {
            int chunk = Floats.samplesPerChunk((long) g.oh() * g.ow() * g.kh() * g.kw() * cg);
            for (int s = from; s < to; s += chunk) {
                im2colFloat(g, cg, group, x, col, s, Math.min(to, s + chunk));
            }
            return;
        }
        int k = g.kh() * g.kw() * cg;
        int tapRow = g.kw() * cg;
        boolean wholeRows = cg == g.c() && g.dw() == 1;
        int r = from * g.oh() * g.ow();
        for (int b = from; b < to; b++) {
            for (int oy = 0; oy < g.oh(); oy++) {
                for (int ox = 0; ox < g.ow(); ox++, r++) {
                    int base = r * k;
                    int x0 = ox * g.sw() - g.padLeft();
                    boolean rowInside = wholeRows && x0 >= 0 && x0 + g.kw() <= g.w();
                    for (int ki = 0; ki < g.kh(); ki++) {
                        int iy = oy * g.sh() - g.padTop() + ki * g.dh();
                        int dst = base + ki * tapRow;
                        if (iy < 0 || iy >= g.h()) {
                            col.zero(dst, tapRow);
                            continue;
                        }
                        int rowStart = (b * g.h() + iy) * g.w();
                        if (rowInside) {
                            x.copyTo((rowStart + x0) * g.c(), col, dst, tapRow);
                            continue;
                        }
                        for (int kj = 0; kj < g.kw(); kj++, dst += cg) {
                            int ix = x0 + kj * g.dw();
                            if (ix < 0 || ix >= g.w()) {
                                col.zero(dst, cg);
                            } else {
                                x.copyTo((rowStart + ix) * g.c() + group * cg, col, dst, cg);
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * The float32 im2col: the samples' pixels and columns are built in heap arrays (three taps of
     * one channel are three loads, where a buffer copy costs a call each) and copied out in bulk.
     */
    private static void im2colFloat(ConvGeometry g, int cg, int group, Tensor x, Tensor col, int from, int to) {
        int k = g.kh() * g.kw() * cg;
        int c = g.c();
        int perImage = g.h() * g.w() * c;
        int perCols = g.oh() * g.ow() * k;
        float[] xs = Floats.scratch(0, (to - from) * perImage);
        float[] cs = Floats.scratch(1, (to - from) * perCols);
        x.floats().get(from * perImage, xs, 0, (to - from) * perImage);
        int base = 0;
        for (int b = 0; b < to - from; b++) {
            for (int oy = 0; oy < g.oh(); oy++) {
                for (int ox = 0; ox < g.ow(); ox++, base += k) {
                    int x0 = ox * g.sw() - g.padLeft();
                    int dst = base;
                    for (int ki = 0; ki < g.kh(); ki++) {
                        int iy = oy * g.sh() - g.padTop() + ki * g.dh();
                        int rowStart = (b * g.h() + iy) * g.w();
                        for (int kj = 0; kj < g.kw(); kj++, dst += cg) {
                            int ix = x0 + kj * g.dw();
                            if (iy < 0 || iy >= g.h() || ix < 0 || ix >= g.w()) {
                                java.util.Arrays.fill(cs, dst, dst + cg, 0f);
                            } else if (cg == 1) {
                                cs[dst] = xs[(rowStart + ix) * c + group];
                            } else {
                                System.arraycopy(xs, (rowStart + ix) * c + group * cg, cs, dst, cg);
                            }
                        }
                    }
                }
            }
        }
        col.floats().put(from * perCols, cs, 0, (to - from) * perCols);
    }

    /** Adds the column gradients back onto the image gradient {@code dx} (which the caller zeroed). */
    static void col2im(ConvGeometry g, int cg, int group, Tensor dcol, Tensor dx) {
        Parallel.range(g.batch(), (long) g.rows() * g.kh() * g.kw() * cg, (from, to) -> col2im(g, cg, group, dcol, dx, from, to));
    }

    private static void col2im(ConvGeometry g, int cg, int group, Tensor dcol, Tensor dx, int from, int to) {
        if (Floats.all(dcol, dx)) {
            int chunk = Floats.samplesPerChunk((long) g.oh() * g.ow() * g.kh() * g.kw() * cg);
            for (int s = from; s < to; s += chunk) {
                col2imFloat(g, cg, group, dcol, dx, s, Math.min(to, s + chunk));
            }
            return;
        }
        int k = g.kh() * g.kw() * cg;
        int tapRow = g.kw() * cg;
        boolean wholeRows = cg == g.c() && g.dw() == 1;
        int r = from * g.oh() * g.ow();
        for (int b = from; b < to; b++) {
            for (int oy = 0; oy < g.oh(); oy++) {
                for (int ox = 0; ox < g.ow(); ox++, r++) {
                    int base = r * k;
                    int x0 = ox * g.sw() - g.padLeft();
                    boolean rowInside = wholeRows && x0 >= 0 && x0 + g.kw() <= g.w();
                    for (int ki = 0; ki < g.kh(); ki++) {
                        int iy = oy * g.sh() - g.padTop() + ki * g.dh();
                        if (iy < 0 || iy >= g.h()) {
                            continue;
                        }
                        int src = base + ki * tapRow;
                        int rowStart = (b * g.h() + iy) * g.w();
                        if (rowInside) {
                            dcol.addTo(src, dx, (rowStart + x0) * g.c(), tapRow);
                            continue;
                        }
                        for (int kj = 0; kj < g.kw(); kj++, src += cg) {
                            int ix = x0 + kj * g.dw();
                            if (ix >= 0 && ix < g.w()) {
                                dcol.addTo(src, dx, (rowStart + ix) * g.c() + group * cg, cg);
                            }
                        }
                    }
                }
            }
        }
    }

    /** The float32 col2im, accumulated in heap arrays like {@link #im2colFloat}. */
    private static void col2imFloat(ConvGeometry g, int cg, int group, Tensor dcol, Tensor dx, int from, int to) {
        int k = g.kh() * g.kw() * cg;
        int c = g.c();
        int perImage = g.h() * g.w() * c;
        int perCols = g.oh() * g.ow() * k;
        float[] ds = Floats.scratch(0, (to - from) * perImage);
        float[] cs = Floats.scratch(1, (to - from) * perCols);
        dx.floats().get(from * perImage, ds, 0, (to - from) * perImage);
        dcol.floats().get(from * perCols, cs, 0, (to - from) * perCols);
        int base = 0;
        for (int b = 0; b < to - from; b++) {
            for (int oy = 0; oy < g.oh(); oy++) {
                for (int ox = 0; ox < g.ow(); ox++, base += k) {
                    int x0 = ox * g.sw() - g.padLeft();
                    int src = base;
                    for (int ki = 0; ki < g.kh(); ki++) {
                        int iy = oy * g.sh() - g.padTop() + ki * g.dh();
                        int rowStart = (b * g.h() + iy) * g.w();
                        for (int kj = 0; kj < g.kw(); kj++, src += cg) {
                            int ix = x0 + kj * g.dw();
                            if (iy >= 0 && iy < g.h() && ix >= 0 && ix < g.w()) {
                                int d = (rowStart + ix) * c + group * cg;
                                for (int q = 0; q < cg; q++) {
                                    ds[d + q] += cs[src + q];
                                }
                            }
                        }
                    }
                }
            }
        }
        dx.floats().put(from * perImage, ds, 0, (to - from) * perImage);
    }
}
