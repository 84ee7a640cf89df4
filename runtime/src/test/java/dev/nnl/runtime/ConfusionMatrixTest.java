package dev.nnl.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nnl.runtime.tensor.Tensor;
import dev.nnl.runtime.train.ConfusionCounts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4j;

/** {@link Evaluation#confusion()}: counts of (true, predicted) from the same pass as the metrics. */
class ConfusionMatrixTest {
    /** A model without weights whose prediction is the arg-max of its input, so the counts follow from the rows. */
    private static final String ARGMAX = """
            model Pick {
                input x: (3)
                Softmax()
            }

            train Pick {
                data    = csv("d.csv", label="y", header=true)
                loss    = sparse_categorical_crossentropy
                metrics = [accuracy]
            }
            """;

    @Test
    void countsTrueAgainstPredictedClassInTheEvaluationPass(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("d.csv");
        // Predicted class = the position of the 1; rows: (pred 0, true 0) (0, 1) (1, 1) (2, 2) (1, 2) (2, 0) (2, 2).
        Files.writeString(csv, "a,b,c,y\n1,0,0,0\n1,0,0,1\n0,1,0,1\n0,0,1,2\n0,1,0,2\n0,0,1,0\n0,0,1,2\n");
        TrainedModel m = Nnl.compile("pick.nnl", ARGMAX, null).initialize(1);
        Evaluation e = m.evaluate(csv.toString(), w -> { });
        ConfusionMatrix c = e.confusion();
        assertEquals(List.of("0", "1", "2"), c.classes(), "numeric labels are named by their id");
        assertArrayEquals(new long[][] {{1, 0, 1}, {1, 1, 0}, {0, 1, 2}}, c.counts());
        assertEquals(7, c.total());
        assertEquals(e.samples(), c.total());
        assertEquals(4.0 / 7, c.accuracy(), 1e-12);
        assertEquals(e.scores().get("accuracy"), c.accuracy(), 1e-9, "the matrix decides as the accuracy metric");
        assertEquals(0.5, c.precision(0), 1e-12);
        assertEquals(0.5, c.recall(0), 1e-12);
        assertEquals(0.5, c.precision(1), 1e-12);
        assertEquals(0.5, c.recall(1), 1e-12);
        assertEquals(2.0 / 3, c.precision(2), 1e-12);
        assertEquals(2.0 / 3, c.recall(2), 1e-12);
        assertEquals(3, c.support(2));
    }

    @Test
    void binaryCrossentropyCountsTwoClassesAndRegressionNone() {
        ConfusionCounts b = ConfusionCounts.forLoss("binary_crossentropy", 1);
        b.update(Tensor.wrap(Nd4j.createFromArray(0.9f, 0.2f, 0.7f, 0.1f).reshape(4, 1)),
                Tensor.wrap(Nd4j.createFromArray(1f, 1f, 0f, 0f).reshape(4, 1)));
        assertArrayEquals(new long[][] {{1, 1}, {1, 1}}, b.counts());
        assertNull(ConfusionCounts.forLoss("binary_crossentropy", 3), "multi-label outputs have no single class");
        assertNull(ConfusionCounts.forLoss("mse", 1));
        assertNull(ConfusionCounts.forLoss("sparse_categorical_crossentropy", ConfusionMatrix.MAX_CLASSES + 1));
    }

    @Test
    void isImmutableAndSquare() {
        long[][] counts = {{2, 0}, {1, 3}};
        ConfusionMatrix c = new ConfusionMatrix(List.of("cat", "dog"), counts);
        counts[0][0] = 99;
        c.counts()[0][0] = 99;
        assertEquals(2, c.count(0, 0));
        assertEquals(Double.NaN, new ConfusionMatrix(List.of("a", "b"), new long[][] {{0, 0}, {0, 0}}).precision(0));
        assertThrows(IllegalArgumentException.class, () -> new ConfusionMatrix(List.of("a"), new long[][] {{1, 2}}));
    }
}
