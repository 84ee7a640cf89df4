package dev.nnl.cli;

import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.batik.transcoder.TranscoderException;
import org.apache.batik.transcoder.TranscoderInput;
import org.apache.batik.transcoder.TranscoderOutput;
import org.apache.batik.transcoder.image.ImageTranscoder;
import org.apache.batik.transcoder.image.PNGTranscoder;

/** {@code nnlc graph -o x.png}: the SVG picture rasterized by Apache Batik, at twice its size for sharp text. */
final class Png {
    private static final Pattern WIDTH = Pattern.compile("<svg [^>]*?width=\"([0-9.]+)\"");

    private Png() {
    }

    static byte[] of(String svg) throws TranscoderException {
        System.setProperty("java.awt.headless", "true");
        PNGTranscoder t = new PNGTranscoder();
        t.addTranscodingHint(ImageTranscoder.KEY_BACKGROUND_COLOR, java.awt.Color.WHITE);
        Matcher width = WIDTH.matcher(svg);
        if (width.find()) {
            t.addTranscodingHint(ImageTranscoder.KEY_WIDTH, 2 * Float.parseFloat(width.group(1)));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TranscoderInput in = new TranscoderInput(new StringReader(svg));
        in.setURI("file:///nnl-graph.svg");
        t.transcode(in, new TranscoderOutput(out));
        return out.toByteArray();
    }
}
