package dev.nnl.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnl.compiler.Compilation;
import dev.nnl.compiler.Compiler;
import dev.nnl.compiler.source.SourceFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * Every sample's SVG opened in a real browser (headless Chromium): no console errors, every
 * layer's box visible, no two boxes overlap, every text inside its box and no edge label on a box,
 * measured with the browser's own fonts (getBoundingClientRect). Screenshots go to
 * graph/target/screenshots for a person to look at.
 */
@DisabledIfSystemProperty(named = "nnl.skipBrowser", matches = "true")
class BrowserTest {
    /** Per box: [x, y, w, h, visible] then its texts' rects; per edge label: its rect. */
    private static final String MEASURE = """
            const r = e => { const b = e.getBoundingClientRect(); return [b.x, b.y, b.width, b.height]; };
            const boxes = [...document.querySelectorAll('g.box')].map(g => ({
              id: g.dataset.layer, rect: r(g.querySelector('rect')),
              visible: getComputedStyle(g).visibility === 'visible' && getComputedStyle(g).display !== 'none',
              texts: [...g.querySelectorAll('text')].map(r)}));
            const labels = [...document.querySelectorAll('g.edge text')].map(t => ({text: t.textContent, rect: r(t)}));
            return {boxes, labels};
            """;

    private static ChromeDriver driver;

    @BeforeAll
    static void open() throws Exception {
        driver = Chromium.start(Chromium.freshProfile());
    }

    @AfterAll
    static void close() {
        if (driver != null) {
            driver.quit();
        }
    }

    @Test
    void everySampleLooksRightInChromium() throws Exception {
        Path out = Files.createDirectories(Path.of("target/screenshots"));
        int pictures = 0;
        for (Path sample : GraphGoldenTest.samples()) {
            Compilation c = Compiler.compile(SourceFile.of(sample.toString(), Files.readString(sample)));
            for (String model : c.modelNames()) {
                for (boolean expand : List.of(false, true)) {
                    DiagramOptions o = new DiagramOptions(true, true, expand, false);
                    Diagram d = Diagrams.of(c, model, o);
                    String stem = sample.getFileName().toString().replace(".nnl", "") + "." + model + (expand ? ".expanded" : "");
                    Path svg = Files.writeString(out.resolve(stem + ".svg"), SvgWriter.write(d, o));
                    check(svg, d, out.resolve(stem + ".png"));
                    pictures++;
                }
            }
        }
        assertTrue(pictures >= 24, "pictures: " + pictures);
    }

    @SuppressWarnings("unchecked")
    private static void check(Path svg, Diagram d, Path screenshot) throws Exception {
        driver.get(svg.toUri().toString());
        Map<String, Object> page = (Map<String, Object>) driver.executeScript(MEASURE);
        List<Map<String, Object>> boxes = (List<Map<String, Object>>) page.get("boxes");
        assertEquals(d.boxes().stream().map(Diagram.Box::id).toList(), boxes.stream().map(b -> b.get("id")).toList(), svg.toString());
        List<double[]> rects = new ArrayList<>();
        for (Map<String, Object> b : boxes) {
            double[] rect = rect(b.get("rect"));
            assertTrue((Boolean) b.get("visible") && rect[2] > 0 && rect[3] > 0, b.get("id") + " not visible in " + svg);
            for (Object t : (List<Object>) b.get("texts")) {
                assertTrue(inside(rect(t), rect), "a text of " + b.get("id") + " leaves its box in " + svg);
            }
            for (double[] other : rects) {
                assertTrue(!overlap(rect, other), b.get("id") + " overlaps another box in " + svg);
            }
            rects.add(rect);
        }
        for (Map<String, Object> label : (List<Map<String, Object>>) page.get("labels")) {
            for (double[] box : rects) {
                assertTrue(!overlap(rect(label.get("rect")), box), "edge label " + label.get("text") + " covers a box in " + svg);
            }
        }
        assertEquals(List.of(), Chromium.consoleErrors(driver), svg.toString());
        Number w = (Number) driver.executeScript("return document.documentElement.getBoundingClientRect().width");
        Number h = (Number) driver.executeScript("return document.documentElement.getBoundingClientRect().height");
        driver.manage().window().setSize(new Dimension(Math.min(2000, w.intValue() + 40), Math.min(4000, h.intValue() + 160)));
        Files.write(screenshot, driver.getScreenshotAs(OutputType.BYTES));
    }

    private static double[] rect(Object o) {
        List<?> l = (List<?>) o;
        return new double[] {((Number) l.get(0)).doubleValue(), ((Number) l.get(1)).doubleValue(),
            ((Number) l.get(2)).doubleValue(), ((Number) l.get(3)).doubleValue()};
    }

    static boolean overlap(double[] a, double[] b) {
        return a[0] < b[0] + b[2] - 0.5 && b[0] < a[0] + a[2] - 0.5 && a[1] < b[1] + b[3] - 0.5 && b[1] < a[1] + a[3] - 0.5;
    }

    static boolean inside(double[] in, double[] out) {
        return in[0] >= out[0] - 0.5 && in[1] >= out[1] - 0.5 && in[0] + in[2] <= out[0] + out[2] + 0.5
                && in[1] + in[3] <= out[1] + out[3] + 0.5;
    }
}
