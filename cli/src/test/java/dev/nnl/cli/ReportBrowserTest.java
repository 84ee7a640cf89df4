package dev.nnl.cli;

import static dev.nnl.cli.TrainCliTest.REPO;
import static dev.nnl.cli.TrainCliTest.nnlc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnl.graph.Chromium;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * A training report in headless Chromium: no console errors (uPlot runs), one chart per metric
 * with training and validation series, the model's boxes visible and apart. The screenshot is
 * cli/target/screenshots/report.png.
 */
@DisabledIfSystemProperty(named = "nnl.skipBrowser", matches = "true")
class ReportBrowserTest {
    @Test
    void theReportRendersItsChartsAndDiagram(@TempDir Path dir) throws Exception {
        Path source = Files.copy(REPO.resolve("samples/iris_mlp.nnl"), dir.resolve("iris_mlp.nnl"));
        Files.copy(REPO.resolve("samples/data/iris.csv"), Files.createDirectory(dir.resolve("data")).resolve("iris.csv"));
        Path html = dir.resolve("report.html");
        var r = nnlc("train", source.toString(), "--epochs", "3", "-q", "-o", dir.resolve("m.nnlz").toString(), "--report", html.toString());
        assertEquals(0, r.code(), r.err());
        ChromeDriver driver = Chromium.start(Chromium.freshProfile());
        try {
            driver.manage().window().setSize(new Dimension(1280, 2400));
            driver.get(html.toUri().toString());
            assertEquals(List.of(), Chromium.consoleErrors(driver));
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> charts = (List<Map<String, Object>>) driver.executeScript("""
                    return [...document.querySelectorAll('.chart')].map(c => ({metric: c.dataset.metric,
                      canvas: c.querySelectorAll('canvas').length, series: c.querySelectorAll('.u-series').length,
                      width: c.getBoundingClientRect().width}));""");
            assertEquals(List.of("loss", "accuracy"), charts.stream().map(c -> c.get("metric")).toList());
            for (Map<String, Object> c : charts) {
                assertEquals(1L, c.get("canvas"), c.toString());
                assertEquals(3L, c.get("series"), "epoch, training and validation in the legend: " + c);
                assertTrue(((Number) c.get("width")).doubleValue() > 300, c.toString());
            }
            @SuppressWarnings("unchecked")
            List<List<Number>> boxes = (List<List<Number>>) driver.executeScript("""
                    return [...document.querySelectorAll('g.box rect')].map(e => { const b = e.getBoundingClientRect();
                      return [b.x, b.y, b.width, b.height]; });""");
            assertEquals(4, boxes.size(), "input and three Dense layers");
            for (int i = 0; i < boxes.size(); i++) {
                assertTrue(boxes.get(i).get(2).doubleValue() > 0 && boxes.get(i).get(3).doubleValue() > 0);
                for (int j = 0; j < i; j++) {
                    List<Number> a = boxes.get(i);
                    List<Number> b = boxes.get(j);
                    boolean apart = a.get(1).doubleValue() >= b.get(1).doubleValue() + b.get(3).doubleValue()
                            || b.get(1).doubleValue() >= a.get(1).doubleValue() + a.get(3).doubleValue()
                            || a.get(0).doubleValue() >= b.get(0).doubleValue() + b.get(2).doubleValue()
                            || b.get(0).doubleValue() >= a.get(0).doubleValue() + a.get(2).doubleValue();
                    assertTrue(apart, "boxes " + i + " and " + j + " overlap");
                }
            }
            Path shots = Files.createDirectories(Path.of("target/screenshots"));
            Files.write(shots.resolve("report.png"), driver.getScreenshotAs(OutputType.BYTES));
        } finally {
            driver.quit();
        }
    }
}
