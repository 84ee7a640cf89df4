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
import java.util.Arrays;
import java.util.List;
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
    void aModelSourceOrOtherFileIsNoTrainedModel(@TempDir Path dir) throws Exception {
        String source = REPO.resolve("samples/iris_mlp.nnl").toString();
        String expected = "error: " + source + ": this is a model source; train it first (`nnlc train " + source
                + "`) or compile it (`nnlc compile " + source + "`)\n";
        Run eval = nnlc("eval", source);
        assertEquals(1, eval.code());
        assertEquals(expected, eval.err());
        Run predict = nnlc("predict", source, REPO.resolve("samples/data/iris.csv").toString());
        assertEquals(1, predict.code());
        assertEquals(expected, predict.err());

        Path text = dir.resolve("notes.txt");
        Files.writeString(text, "not a model\n");
        Run other = nnlc("eval", text.toString());
        assertEquals(1, other.code());
        assertEquals("error: " + text + ": not an .nnlz model file (not a zip archive; `nnlc train` and `nnlc compile` write .nnlz files)\n",
                other.err());
    }

    @Test
    void evalWithoutHeldOutDataSaysSoInASentence(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("points.csv");
        StringBuilder rows = new StringBuilder("a,b,y\n");
        for (int i = 0; i < 20; i++) {
            rows.append(i % 5).append(',').append(i % 3).append(',').append(i % 2).append('\n');
        }
        Files.writeString(csv, rows);
        Path src = dir.resolve("points.nnl");
        Files.writeString(src, "model Points {\n input x: (2)\n Dense(2, activation=softmax)\n}\n"
                + "train Points {\n data = csv(\"points.csv\", label=\"y\")\n loss = sparse_categorical_crossentropy\n"
                + " optimizer = Adam()\n metrics = [accuracy]\n epochs = 1\n seed = 1\n}\n");
        Path model = dir.resolve("points.nnlz");
        Run t = nnlc("train", src.toString(), "-o", model.toString(), "-q");
        assertEquals(0, t.code(), t.err());
        Run e = nnlc("eval", model.toString());
        assertEquals(0, e.code(), e.err());
        assertTrue(e.out().startsWith("Points on 20 samples (training data): loss: "), e.out());
        assertEquals("note: the model has no held-out data, so this is how it does on the data it was trained on; "
                + "pass --data to evaluate on other data\n", e.err());
    }

    /** --epochs abc and --epochs 0 say the same, and so does every numeric option, through Numbers. */
    @Test
    void numericOptionsSayWhatTheyTake() {
        String source = REPO.resolve("samples/iris_mlp.nnl").toString();
        String[][] cases = {
            {"--epochs takes a positive whole number, found `abc`", "train", source, "--epochs", "abc"},
            {"--epochs takes a positive whole number, found `0`", "train", source, "--epochs", "0"},
            {"--batch-size takes a positive whole number, found `-2`", "train", source, "--batch-size", "-2"},
            {"--batch-size takes a positive whole number, found `1e3`", "train", source, "--batch-size", "1e3"},
            {"--threads takes a positive whole number, found `many`", "train", source, "--threads", "many"},
            {"--seed takes a whole number, found `1.5`", "train", source, "--seed", "1.5"},
            {"--seed takes a whole number, found `x`", "compile", source, "--seed", "x"},
            {"--threads takes a positive whole number, found `0`", "eval", "model.nnlz", "--threads", "0"},
            {"--threads takes a positive whole number, found `0`", "predict", "model.nnlz", "in.csv", "--threads", "0"},
            {"--threads takes a positive whole number, found `0`", "compile", source, "--threads", "0"},
        };
        refused(cases, c -> "\ntry `nnlc " + c[1] + " --help`\n");
    }

    /** Options that take a word take exactly the words listed, in lower case, and say so in one line (docs/cli.md, exit codes). */
    @Test
    void wordOptionsSayWhatTheyTake() {
        String source = REPO.resolve("samples/iris_mlp.nnl").toString();
        String[][] cases = {
            {"--format takes human, gcc or json, found `xml`", "check", source, "--format", "xml"},
            {"--format takes human, gcc or json, found `JSON`", "fmt", source, "--format", "JSON"},
            {"--format takes text or json, found `yaml`", "summary", source, "--format", "yaml"},
            {"--format takes text or json, found `csv`", "eval", "model.nnlz", "--format", "csv"},
            {"--format takes csv, json or npy, found `text`", "predict", "model.nnlz", "in.csv", "--format", "text"},
            {"--format takes nnlz or samediff, found `onnx`", "compile", source, "--format", "onnx"},
            {"--color takes auto, always or never, found `sometimes`", "check", source, "--color", "sometimes"},
            {"--log takes json, found `xml`", "train", source, "--log", "xml"},
        };
        refused(cases, c -> "\n");
    }

    /** Each case, {message, command, arguments…}, exits 2 with "error: " + message + {@code end}. */
    private static void refused(String[][] cases, java.util.function.Function<String[], String> end) {
        for (String[] c : cases) {
            Run r = nnlc(Arrays.copyOfRange(c, 1, c.length));
            assertEquals(2, r.code(), r.err());
            assertEquals("error: " + c[0] + end.apply(c), r.err());
        }
    }

    /** ND4J logs through SLF4J; the CLI ships the no-op binding, so its three-line notice never shows. */
    @Test
    void noSlf4jNoticeOnStandardError(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("iris.nnlz");
        Run t = TutorialTest.nnlcIn(dir, List.of("train", REPO.resolve("samples/iris_mlp.nnl").toString(), "--epochs", "1",
                "-o", model.toString(), "-q"));
        assertEquals(0, t.code(), t.err());
        assertFalse(t.err().contains("SLF4J"), t.err());
        Run p = TutorialTest.nnlcIn(dir, List.of("predict", model.toString(), REPO.resolve("samples/data/iris.csv").toString()));
        assertEquals(0, p.code(), p.err());
        assertFalse(p.err().contains("SLF4J"), p.err());
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

    /**
     * --spark's usage errors come before any data is read, and without the nnl-spark module on the
     * class path (this test's, like the plain launcher's) --spark says what is missing: the CLI
     * reaches Spark only through ServiceLoader, never by a class it links to.
     */
    @Test
    void sparkOptionsAndAMissingSparkModule(@TempDir Path dir) throws Exception {
        String iris = REPO.resolve("samples/iris_mlp.nnl").toString();
        Run r = nnlc("train", iris, "--workers", "2", "-o", dir.resolve("a.nnlz").toString());
        assertEquals(ExitCode.USAGE, r.code(), r.err());
        assertTrue(r.err().contains("--workers goes with --spark"), r.err());
        r = nnlc("train", iris, "--spark", "spark://127.0.0.1:7077", "-o", dir.resolve("a.nnlz").toString());
        assertEquals(ExitCode.USAGE, r.code(), r.err());
        assertTrue(r.err().contains("needs --workers N"), r.err());
        r = nnlc("train", iris, "--spark", "local[2]", "--epochs", "1", "-o", dir.resolve("a.nnlz").toString());
        assertEquals(ExitCode.INPUT, r.code(), r.err());
        assertTrue(r.err().contains("--spark needs the nnl-spark module"), r.err());
        assertFalse(Files.exists(dir.resolve("a.nnlz")), "nothing trained");
    }
}
