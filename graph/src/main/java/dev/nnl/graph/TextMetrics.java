package dev.nnl.graph;

import java.awt.Font;
import java.awt.font.FontRenderContext;
import java.awt.geom.AffineTransform;

/**
 * Text widths from a real font's metrics (java.awt in headless mode, no display needed), so boxes
 * are sized to their text. The SVG names the same family first; the margin covers a viewer that
 * falls back to a slightly wider sans-serif font.
 */
final class TextMetrics {
    static final String FAMILY = "DejaVu Sans";
    static final String CSS_FAMILY = "'DejaVu Sans', Verdana, Arial, sans-serif";
    static final double SIZE = 12;
    static final double LINE = 16;
    private static final double MARGIN = 1.12;

    private static final Font PLAIN;
    private static final Font BOLD;
    private static final FontRenderContext CONTEXT = new FontRenderContext(new AffineTransform(), true, true);

    static {
        System.setProperty("java.awt.headless", "true");
        PLAIN = new Font(FAMILY, Font.PLAIN, (int) SIZE);
        BOLD = PLAIN.deriveFont(Font.BOLD);
    }

    private TextMetrics() {
    }

    static double width(String text, boolean bold) {
        return (bold ? BOLD : PLAIN).getStringBounds(text, CONTEXT).getWidth() * MARGIN;
    }
}
