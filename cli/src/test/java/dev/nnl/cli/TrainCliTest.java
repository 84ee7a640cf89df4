package dev.nnl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `nnlc train`, `eval` and `predict` end to end, on the bundled data, through the real command line. */
class TrainCliTest {
    static final Path REPO = Path.of(System.getProperty("nnl.repo", "..")).toAbsolutePath().normalize();

    record Run(int code, String out, String err) {
    }

    static Run nnlc(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        assertFalse(err.toString().contains("\tat "), "no stack trace: " + err);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void trainEvalPredictIris(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("iris.nnlz");
        Path plot = dir.resolve("curves.png");
        Run t = nnlc("train", REPO.resolve("samples/iris_mlp.nnl").toString(), "--epochs", "40", "-o", model.toString(),
                "--plot", plot.toString(), "--log", "json", "--threads", "1");
        assertEquals(0, t.code(), t.err());
        assertTrue(Files.size(plot) > 1000);
        String[] lines = t.out().strip().split("\n");
        assertEquals(40, lines.length, "one JSON object per epoch: " + t.out());
        JsonObject last = JsonParser.parseString(lines[39]).getAsJsonObject();
        assertEquals(40, last.get("epoch").getAsInt());
        assertTrue(last.get("val_accuracy").getAsDouble() > 0.8, "iris is easy: " + last);

        Run e = nnlc("eval", model.toString(), "--format", "json");
        assertEquals(0, e.code(), e.err());
        JsonObject result = JsonParser.parseString(e.out()).getAsJsonObject();
        assertEquals(last.get("val_accuracy").getAsDouble(), result.get("accuracy").getAsDouble(), 1e-9,
                "eval defaults to the held-out validation part");

        Path features = dir.resolve("new.csv");
        Files.writeString(features, "sepal_length,sepal_width,petal_length,petal_width\n5.1,3.5,1.4,0.2\n6.7,3.0,5.2,2.3\n");
        Run p = nnlc("predict", model.toString(), features.toString());
        assertEquals(0, p.code(), p.err());
        String[] rows = p.out().strip().split("\n");
        assertEquals("prediction,p_setosa,p_versicolor,p_virginica", rows[0]);
        assertTrue(rows[1].startsWith("setosa,"), p.out());
        assertTrue(rows[2].startsWith("virginica,"), p.out());
    }

    @Test
    void dataAndArtifactErrorsHaveExitCodes(@TempDir Path dir) throws Exception {
        Run missing = nnlc("train", REPO.resolve("samples/fashion_mlp.nnl").toString(), "--data", dir.resolve("nowhere").toString(),
                "-o", dir.resolve("m.nnlz").toString());
        assertEquals(3, missing.code(), missing.err());
        assertTrue(missing.err().contains("no such file") || missing.err().contains("no train-images"), missing.err());

        Path junk = dir.resolve("junk.nnlz");
        Files.writeString(junk, "junk");
        Run bad = nnlc("eval", junk.toString());
        assertEquals(1, bad.code());
        assertTrue(bad.err().contains("not an .nnlz"), bad.err());
        assertEquals(3, nnlc("eval", dir.resolve("none.nnlz").toString()).code());
        assertEquals(2, nnlc("train", REPO.resolve("samples/iris_mlp.nnl").toString(), "--log", "xml").code());
    }

    @Test
    void divergingLossStopsWithTheEpochAndBatch(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("numbers.csv");
        StringBuilder rows = new StringBuilder("a,b,c,d,y\n");
        for (int i = 0; i < 64; i++) {
            rows.append(i).append(',').append(i * 2).append(',').append(i % 7).append(',').append(3).append(',').append(i * 10).append('\n');
        }
        Files.writeString(csv, rows);
        Path src = dir.resolve("boom.nnl");
        Files.writeString(src, "model Boom {\n input x: (4)\n Dense(16, activation=relu)\n Dense(1)\n}\n"
                + "train Boom {\n data = csv(\"numbers.csv\", label=\"y\")\n"
                + " loss = mse\n optimizer = SGD(learning_rate=1e6)\n epochs = 3\n seed = 1\n}\n");
        Run r = nnlc("train", src.toString(), "-o", dir.resolve("boom.nnlz").toString());
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("the loss became") && r.err().contains("at epoch 2, batch 1"), r.err());
        assertTrue(r.err().contains("learning rate"), r.err());
        assertTrue(r.err().contains("the model after epoch 1 is saved"), r.err());
        assertTrue(Files.exists(dir.resolve("boom.nnlz")), "the last good epoch is kept");
    }
}
