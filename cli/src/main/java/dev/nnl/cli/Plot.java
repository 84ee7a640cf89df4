package dev.nnl.cli;

import dev.nnl.runtime.OutputFiles;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

/** {@code --plot curves.png}: loss and metric curves per epoch (XChart), training and validation side by side. */
final class Plot {
    private Plot() {
    }

    static void write(List<Map<String, Double>> history, Path file) throws IOException {
        System.setProperty("java.awt.headless", "true");
        Set<String> names = new LinkedHashSet<>();
        for (Map<String, Double> epoch : history) {
            for (String k : epoch.keySet()) {
                if (!k.equals("learning_rate")) {
                    names.add(k.startsWith("val_") ? k.substring(4) : k);
                }
            }
        }
        List<BufferedImage> panels = new ArrayList<>();
        for (String metric : names) {
            XYChart chart = new XYChartBuilder().width(480).height(360).title(metric).xAxisTitle("epoch").yAxisTitle(metric).build();
            for (String series : List.of(metric, "val_" + metric)) {
                List<Integer> x = new ArrayList<>();
                List<Double> y = new ArrayList<>();
                for (int e = 0; e < history.size(); e++) {
                    Double v = history.get(e).get(series);
                    if (v != null && Double.isFinite(v)) {
                        x.add(e + 1);
                        y.add(v);
                    }
                }
                if (!x.isEmpty()) {
                    chart.addSeries(series.startsWith("val_") ? "validation" : "training", x, y);
                }
            }
            panels.add(BitmapEncoder.getBufferedImage(chart));
        }
        int width = panels.stream().mapToInt(BufferedImage::getWidth).sum();
        int height = panels.stream().mapToInt(BufferedImage::getHeight).max().orElse(1);
        BufferedImage all = new BufferedImage(Math.max(1, width), height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = all.createGraphics();
        int x = 0;
        for (BufferedImage p : panels) {
            g.drawImage(p, x, 0, null);
            x += p.getWidth();
        }
        g.dispose();
        OutputFiles.write(file, out -> ImageIO.write(all, "png", out));
    }
}
