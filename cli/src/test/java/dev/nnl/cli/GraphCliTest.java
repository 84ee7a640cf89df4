package dev.nnl.cli;

import static dev.nnl.cli.TrainCliTest.REPO;
import static dev.nnl.cli.TrainCliTest.nnlc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code nnlc graph}: SVG and DOT pictures, the red box and exit 1 of a file with errors, usage errors. */
class GraphCliTest {
    @TempDir
    Path dir;

    @Test
    void drawsASampleAsSvgAndDot() throws IOException {
        Path svg = dir.resolve("resnet.svg");
        var r = nnlc("graph", REPO.resolve("samples/tiny_resnet.nnl").toString(), "-o", svg.toString(), "--shapes", "--params");
        assertEquals(0, r.code(), r.err());
        String text = Files.readString(svg);
        assertTrue(text.startsWith("<?xml") && text.contains("data-layer=\"add\""), text.substring(0, 200));
        assertTrue(text.contains("9,216 params"));
        Path dot = dir.resolve("vgg.dot");
        r = nnlc("graph", REPO.resolve("samples/blocks_vgg.nnl").toString(), "-o", dot.toString(), "--expand-blocks", "--direction", "LR");
        assertEquals(0, r.code(), r.err());
        String d = Files.readString(dot);
        assertTrue(d.contains("rankdir=LR;") && d.contains("subgraph \"cluster_ConvBlock_3\""), d);
        Path html = dir.resolve("resnet.html");
        r = nnlc("graph", REPO.resolve("samples/tiny_resnet.nnl").toString(), "-o", html.toString());
        assertEquals(0, r.code(), r.err());
        String page = Files.readString(html);
        assertTrue(page.startsWith("<!DOCTYPE html>") && page.contains("<title>TinyResNet</title>") && page.contains("<svg")
                && page.contains("data-layer=\"add\"") && !page.contains("<?xml") && !page.contains("<script"), page.substring(0, 300));
    }

    @Test
    void drawsAPngTwiceTheSvgsSizeWithTheBoxesInIt() throws IOException {
        Path png = dir.resolve("iris.png");
        var r = nnlc("graph", REPO.resolve("samples/iris_mlp.nnl").toString(), "-o", png.toString(), "--params");
        assertEquals(0, r.code(), r.err());
        BufferedImage image = ImageIO.read(png.toFile());
        Path svg = dir.resolve("iris.svg");
        assertEquals(0, nnlc("graph", REPO.resolve("samples/iris_mlp.nnl").toString(), "-o", svg.toString(), "--params").code());
        Matcher m = Pattern.compile("<svg [^>]*?width=\"([0-9.]+)\" height=\"([0-9.]+)\"").matcher(Files.readString(svg));
        assertTrue(m.find());
        assertEquals(Math.round(2 * Double.parseDouble(m.group(1))), image.getWidth(), 1);
        assertEquals(Math.round(2 * Double.parseDouble(m.group(2))), image.getHeight(), 1);
        // The input box's light blue fill is drawn: the picture is more than a blank canvas.
        boolean blue = false;
        for (int y = 0; y < image.getHeight() && !blue; y += 2) {
            for (int x = 0; x < image.getWidth() && !blue; x += 2) {
                blue = (image.getRGB(x, y) & 0xffffff) == 0xe3f2fd;
            }
        }
        assertTrue(blue, "no input box in the PNG");
    }

    @Test
    void aFileWithErrorsIsDrawnWithTheFailingLayerRedAndExits1() throws IOException {
        Path src = Files.writeString(dir.resolve("bad.nnl"), "model Bad {\n    input x: (10)\n    Dense(8)\n    Conv2D(4, 3)\n}\n");
        Path svg = dir.resolve("bad.svg");
        var r = nnlc("graph", src.toString(), "-o", svg.toString());
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("error[NNL3001]"), r.err());
        String text = Files.readString(svg);
        assertTrue(text.contains("class=\"box error\" data-layer=\"error\"><title>" + src + ":4:5: `Conv2D` expects 4D input"), text);
        assertTrue(text.contains("data-layer=\"dense\""));
    }

    @Test
    void refusesUnknownFormatsDirectionsAndItsOwnSource() throws IOException {
        String sample = REPO.resolve("samples/iris_mlp.nnl").toString();
        var r = nnlc("graph", sample, "-o", dir.resolve("x.gif").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("-o must end in .svg, .png, .dot or .html"), r.err());
        r = nnlc("graph", sample, "--direction", "up", "-o", dir.resolve("x.svg").toString());
        assertEquals(2, r.code());
        assertFalse(Files.exists(dir.resolve("x.svg")));
        Path copy = Files.copy(Path.of(sample), dir.resolve("iris.svg"));
        r = nnlc("graph", copy.toString(), "-o", copy.toString());
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("choose another output file"), r.err());
    }
}
