package dev.nnl.cli;

import static dev.nnl.cli.TrainCliTest.REPO;
import static dev.nnl.cli.TrainCliTest.nnlc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnl.cli.TrainCliTest.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CSV (and IDX) data through the real command line: columns by name, test_data, label checks, bad numbers and files. */
class CsvDataCliTest {
    @TempDir
    static Path dir;
    static Path model;
    static List<String> iris;

    /** A model of the bundled Iris sample, trained once for the tests that predict and evaluate. */
    @BeforeAll
    static void train() throws Exception {
        model = dir.resolve("iris.nnlz");
        Run t = nnlc("train", REPO.resolve("samples/iris_mlp.nnl").toString(), "--epochs", "20", "-o", model.toString(), "-q",
                "--threads", "1");
        assertEquals(0, t.code(), t.err());
        iris = Files.readAllLines(REPO.resolve("samples/data/iris.csv"));
    }

    /** The header and Iris rows [from, to) with their columns in the order given by index (4 is the species). */
    private static String columns(int from, int to, int... order) {
        StringBuilder sb = new StringBuilder();
        List<String> lines = new ArrayList<>(List.of(iris.get(0)));
        lines.addAll(iris.subList(from + 1, to + 1));
        for (String line : lines) {
            String[] cells = line.split(",");
            List<String> picked = new ArrayList<>();
            for (int c : order) {
                picked.add(cells[c]);
            }
            sb.append(String.join(",", picked)).append('\n');
        }
        return sb.toString();
    }

    @Test
    void predictAndEvalTakeTheTrainingColumnsByName() throws Exception {
        Path inOrder = dir.resolve("in_order.csv");
        Files.writeString(inOrder, columns(0, 10, 0, 1, 2, 3));
        Path shuffled = dir.resolve("shuffled.csv");
        Files.writeString(shuffled, columns(0, 10, 3, 4, 2, 0, 1));
        Run a = nnlc("predict", model.toString(), inOrder.toString());
        Run b = nnlc("predict", model.toString(), shuffled.toString());
        assertEquals(0, b.code(), b.err());
        assertEquals(a.out(), b.out(), "petal_width first, species ignored: the same flowers, the same predictions");
        assertEquals("", b.err());

        Path evalShuffled = dir.resolve("eval_shuffled.csv");
        Files.writeString(evalShuffled, columns(0, 150, 4, 3, 2, 1, 0));
        Run e1 = nnlc("eval", model.toString(), "--data", REPO.resolve("samples/data/iris.csv").toString(), "--format", "json");
        Run e2 = nnlc("eval", model.toString(), "--data", evalShuffled.toString(), "--format", "json");
        assertEquals(0, e2.code(), e2.err());
        assertEquals(e1.out(), e2.out());
    }

    @Test
    void aHeaderlessFileIsTakenByPositionWithAWarningOrRefused() throws Exception {
        Path inOrder = dir.resolve("with_header.csv");
        Files.writeString(inOrder, columns(0, 5, 0, 1, 2, 3));
        Path headerless = dir.resolve("headerless.csv");
        Files.writeString(headerless, Files.readString(inOrder).substring(Files.readString(inOrder).indexOf('\n') + 1));
        Run p = nnlc("predict", model.toString(), headerless.toString());
        assertEquals(0, p.code(), p.err());
        assertEquals(nnlc("predict", model.toString(), inOrder.toString()).out(), p.out());
        assertEquals("warning: " + headerless + " has no header line: its 4 columns are taken by position as sepal_length, "
                + "sepal_width, petal_length, petal_width\n", p.err());

        Files.writeString(headerless, "5.1,3.5,1.4\n");
        Run bad = nnlc("predict", model.toString(), headerless.toString());
        assertEquals(1, bad.code());
        assertTrue(bad.err().startsWith("error: " + headerless + ": the first row is data, not a header, and the file has 3 columns "
                + "where the model takes 4 features"), bad.err());
        assertTrue(!bad.err().contains("shape (0)"), bad.err());
    }

    @Test
    void nonFiniteNumbersAreRejected() throws Exception {
        Path f = dir.resolve("nan.csv");
        Files.writeString(f, "sepal_length,sepal_width,petal_length,petal_width\n5.1,3.5,1.4,0.2\n6.7,Infinity,5.2,2.3\n");
        Run r = nnlc("predict", model.toString(), f.toString());
        assertEquals(1, r.code());
        assertEquals("error: " + f + ":3: column `sepal_width` needs a finite number, found `Infinity`\n", r.err());
        assertEquals("", r.out());
    }

    @Test
    void aMissingDataFileSuggestsTheClosestName() {
        Run r = nnlc("eval", model.toString(), "--data", REPO.resolve("samples/data/iris.cvs").toString());
        assertEquals(3, r.code());
        assertTrue(r.err().endsWith("iris.cvs: no such file; did you mean `iris.csv`?\n"), r.err());
    }

    private static Run trainSource(String name, String train, String csv) throws Exception {
        Files.writeString(dir.resolve(name + ".csv"), csv);
        Path src = dir.resolve(name + ".nnl");
        Files.writeString(src, train);
        return nnlc("train", src.toString(), "-o", dir.resolve(name + ".nnlz").toString(), "--threads", "1");
    }

    private static String classifier(String name, String output, String loss, String extra) {
        return "model M {\n input x: (4)\n Dense(8, activation=relu)\n " + output + "\n}\n"
                + "train M {\n data = csv(\"" + name + ".csv\", label=\"species\")\n loss = " + loss + "\n epochs = 2\n seed = 3\n"
                + extra + "}\n";
    }

    @Test
    void testDataEndsTrainingWithATestLineAndIsWhatEvalEvaluates() throws Exception {
        Files.writeString(dir.resolve("iris_test.csv"), columns(100, 150, 4, 0, 1, 2, 3));
        Run t = trainSource("iris_train", classifier("iris_train", "Dense(3, activation=softmax)", "sparse_categorical_crossentropy",
                " metrics = [accuracy]\n test_data = csv(\"iris_test.csv\", label=\"species\")\n"), columns(0, 100, 0, 1, 2, 3, 4));
        assertEquals(0, t.code(), t.err());
        assertTrue(t.out().startsWith("Test: loss: "), t.out());
        Run e = nnlc("eval", dir.resolve("iris_train.nnlz").toString());
        assertEquals(0, e.code(), e.err());
        assertTrue(e.out().startsWith("M on 50 samples (test_data): loss: "), e.out());
        assertEquals(t.out().substring("Test: ".length()), e.out().substring(e.out().indexOf("loss: ")), "the same data, the same numbers");
    }

    @Test
    void labelsWithOneClassOrAClassOnlyInValidationAreReported() throws Exception {
        StringBuilder sorted = new StringBuilder("a,b,c,d,species\n");
        for (String s : List.of("setosa", "versicolor", "virginica")) {
            for (int i = 0; i < 10; i++) {
                sorted.append(i).append(",1,2,3,").append(s).append('\n');
            }
        }
        Run one = trainSource("one", classifier("one", "Dense(3, activation=softmax)", "sparse_categorical_crossentropy", ""),
                sorted.toString().lines().limit(11).reduce("", (x, y) -> x + y + "\n"));
        assertEquals(1, one.code(), one.err());
        assertTrue(one.err().contains("the training labels hold one class only (`setosa`)"), one.err());

        Run split = trainSource("sorted", classifier("sorted", "Dense(3, activation=softmax)", "sparse_categorical_crossentropy",
                " validation_split = 0.4\n"), sorted.toString());
        assertEquals(0, split.code(), split.err());
        assertTrue(split.err().contains("warning: csv(\"sorted.csv\"): the validation data holds class `virginica` (10 samples) "
                + "that the training data lacks; validation_split takes the last rows"), split.err());

        Run binary = trainSource("words", classifier("words", "Dense(1, activation=sigmoid)", "binary_crossentropy", ""),
                sorted.toString());
        assertEquals(1, binary.code());
        assertTrue(binary.err().contains("binary_crossentropy needs 2 classes, but the labels hold 3 classes (setosa, versicolor, "
                + "virginica); for 3 classes use loss = sparse_categorical_crossentropy with `Dense(3, activation=softmax)`"),
                binary.err());
    }

    /** An IDX file of n unsigned bytes per sample: images of 2×2, or labels (the sample index mod 2). */
    private static void idx(Path file, int n, boolean images) throws Exception {
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        java.io.DataOutputStream out = new java.io.DataOutputStream(b);
        out.write(new byte[] {0, 0, 8, (byte) (images ? 3 : 1)});
        out.writeInt(n);
        if (images) {
            out.writeInt(2);
            out.writeInt(2);
        }
        for (int i = 0; i < n; i++) {
            if (images) {
                out.write(new byte[] {(byte) i, (byte) (i % 2 * 200), 3, 4});
            } else {
                out.write(i % 2);
            }
        }
        Files.write(file, b.toByteArray());
    }

    @Test
    void anIdxDirectoryAsTestDataGivesItsTestSplit() throws Exception {
        Path images = Files.createDirectories(dir.resolve("digits"));
        idx(images.resolve("train-images-idx3-ubyte"), 8, true);
        idx(images.resolve("train-labels-idx1-ubyte"), 8, false);
        idx(images.resolve("t10k-images-idx3-ubyte"), 3, true);
        idx(images.resolve("t10k-labels-idx1-ubyte"), 3, false);
        Path src = dir.resolve("digits.nnl");
        Files.writeString(src, "model D {\n input x: (2, 2)\n Flatten()\n Dense(2, activation=softmax)\n}\n"
                + "train D {\n data = idx(\"digits\", scale=1/255)\n loss = sparse_categorical_crossentropy\n epochs = 2\n seed = 1\n"
                + " test_data = idx(\"digits\", scale=1/255)\n}\n");
        Run t = nnlc("train", src.toString(), "-o", dir.resolve("digits.nnlz").toString(), "-q");
        assertEquals(0, t.code(), t.err());
        Run e = nnlc("eval", dir.resolve("digits.nnlz").toString());
        assertEquals(0, e.code(), e.err());
        assertTrue(e.out().startsWith("D on 3 samples (test_data): "), e.out());
        assertEquals(t.out().substring("Test: ".length()), e.out().substring(e.out().indexOf("loss: ")));
    }
}
