package dev.nnl.runtime.kernels.conv;

import dev.nnl.runtime.plan.Tensor;

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

    /** Adds the column gradients back onto the image gradient {@code dx} (which the caller zeroed). */
    static void col2im(ConvGeometry g, int cg, int group, Tensor dcol, Tensor dx) {
        Parallel.range(g.batch(), (long) g.rows() * g.kh() * g.kw() * cg, (from, to) -> col2im(g, cg, group, dcol, dx, from, to));
    }

    private static void col2im(ConvGeometry g, int cg, int group, Tensor dcol, Tensor dx, int from, int to) {
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
}
