package dev.nnl.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnl.runtime.data.Csv;
import dev.nnl.runtime.data.DataException;
import dev.nnl.runtime.data.Loaded;
import dev.nnl.runtime.data.PredictInput;
import dev.nnl.runtime.data.Preprocessing;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CSV read for a trained model (eval, predict, validation and test data) takes the training's
 * feature columns by name, in training order, whatever order the file has them in.
 */
class CsvColumnsTest {
    private static Preprocessing trained(Path dir, String table, boolean header) throws Exception {
        Path f = dir.resolve("train.csv");
        Files.writeString(f, table);
        return Csv.load(f, header ? "label" : null, header, 1, 0, ",", false, null, true).prep();
    }

    private static Loaded read(Path dir, String table, Preprocessing known, boolean labelled) throws Exception {
        Path f = dir.resolve("new.csv");
        Files.writeString(f, table);
        return labelled ? Csv.load(f, "label", true, 1, 0, ",", false, known, true) : PredictInput.read(f, known);
    }

    private static float[] features(Loaded l) {
        return l.data().features().get(0);
    }

    @Test
    void reorderedAndExtraColumnsAreTakenByName(@TempDir Path dir) throws Exception {
        Preprocessing p = trained(dir, "a,b,c,label\n1,2,3,x\n4,5,6,y\n", true);
        Loaded predict = read(dir, "c,extra,label,a,b\n3,99,x,1,2\n", p, false);
        assertArrayEquals(new float[] {1, 2, 3}, features(predict), "training order a, b, c; `extra` and the label ignored");
        assertTrue(predict.warnings().isEmpty(), predict.warnings().toString());
        Loaded eval = read(dir, "label,c,b,a\ny,6,5,4\n", p, true);
        assertArrayEquals(new float[] {4, 5, 6}, features(eval));
        assertArrayEquals(new float[] {1}, eval.data().labels(), "`y` is class 1 of the training's x, y");
    }

    @Test
    void missingColumnsAreListed(@TempDir Path dir) throws Exception {
        Preprocessing p = trained(dir, "a,b,c,label\n1,2,3,x\n4,5,6,y\n", true);
        DataException e = assertThrows(DataException.class, () -> read(dir, "c,label,z\n3,x,0\n", p, false));
        assertTrue(e.getMessage().contains("no columns `a`, `b`, which the model was trained on (its features: a, b, c; "
                + "this file has: c, label, z)"), e.getMessage());
        assertTrue(!e.isIo());
    }

    @Test
    void headerlessPredictInputIsTakenByPositionWithAWarning(@TempDir Path dir) throws Exception {
        Preprocessing p = trained(dir, "a,b,c,label\n1,2,3,x\n4,5,6,y\n", true);
        Loaded l = read(dir, "7,8,9\n1,2,3\n", p, false);
        assertArrayEquals(new float[] {7, 8, 9, 1, 2, 3}, features(l), "the first row is data, not a header");
        assertEquals(List.of(dir.resolve("new.csv") + " has no header line: its 3 columns are taken by position as a, b, c"), l.warnings());
    }

    @Test
    void headerlessInputOfAnotherWidthIsAClearError(@TempDir Path dir) throws Exception {
        Preprocessing p = trained(dir, "a,b,c,label\n1,2,3,x\n4,5,6,y\n", true);
        DataException e = assertThrows(DataException.class, () -> read(dir, "7,8\n", p, false));
        assertTrue(e.getMessage().contains("the first row is data, not a header, and the file has 2 columns where the model takes "
                + "3 features (a, b, c)"), e.getMessage());
        e = assertThrows(DataException.class, () -> read(dir, "7,8,9,x\n", p, true));
        assertTrue(e.getMessage().contains("add a header line naming the columns (a, b, c and the label `label`)"), e.getMessage());
    }

    @Test
    void aModelTrainedWithoutHeaderReadsByPositionSilently(@TempDir Path dir) throws Exception {
        Preprocessing p = trained(dir, "1,2,3,0\n4,5,6,1\n", false);
        Loaded l = read(dir, "7,8,9\n", p, false);
        assertArrayEquals(new float[] {7, 8, 9}, features(l));
        assertTrue(l.warnings().isEmpty(), l.warnings().toString());
        DataException e = assertThrows(DataException.class, () -> read(dir, "7,8\n", p, false));
        assertTrue(e.getMessage().contains("2 columns, but the model was trained on 3 feature columns"), e.getMessage());
    }

    @Test
    void nonFiniteNumbersAreRejectedWithLineAndColumn(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("t.csv");
        for (String bad : List.of("NaN", "Infinity", "-Infinity", "1e400")) {
            Files.writeString(f, "a,b,label\n1,2,0\n\n3," + bad + ",1\n");
            DataException e = assertThrows(DataException.class, () -> Csv.load(f, "label", true, 1, 0, ",", false, null, true));
            assertTrue(e.getMessage().startsWith(f + ":4: column `b` needs a finite number, found `" + bad + "`"), e.getMessage());
        }
        Files.writeString(f, "a,b,label\n1,2,NaN\n");
        DataException e = assertThrows(DataException.class, () -> Csv.load(f, "label", true, 1, 0, ",", false, null, true));
        assertTrue(e.getMessage().contains(":2: column `label` needs a finite number"), e.getMessage());
        Files.writeString(f, "a,b,label\n1,1e400,0\n");
        e = assertThrows(DataException.class, () -> Csv.load(f, "label", true, 1, 0, ",", false, null, true));
        assertTrue(e.getMessage().endsWith("(too large: it overflows to infinity)"), e.getMessage());
    }

    @Test
    void wordsInAFeatureColumnSuggestTheLabelColumn(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("t.csv");
        Files.writeString(f, "a,species,b\n1,setosa,2\n");
        DataException e = assertThrows(DataException.class, () -> Csv.load(f, null, true, 1, 0, ",", false, null, true));
        assertTrue(e.getMessage().endsWith("column `species` needs a number, found `setosa`; if `species` is the label, "
                + "say csv(…, label=\"species\") (without label=, the last column `b` is the label)"), e.getMessage());
    }
}
