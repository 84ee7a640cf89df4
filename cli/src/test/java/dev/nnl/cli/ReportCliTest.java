package dev.nnl.cli;

import static dev.nnl.cli.TrainCliTest.REPO;
import static dev.nnl.cli.TrainCliTest.nnlc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train --report} and {@code nnlc report}: one self-contained page, one history across a resume. */
class ReportCliTest {
    private static final Pattern ROW = Pattern.compile("<tr><td>(\\d+)</td>(.*?)<td>([0-9.]*)</td></tr>");

    @TempDir
    static Path dir;
    static Path source;

    @BeforeAll
    static void copyIris() throws IOException {
        source = Files.copy(REPO.resolve("samples/iris_mlp.nnl"), dir.resolve("iris_mlp.nnl"));
        Files.copy(REPO.resolve("samples/data/iris.csv"), Files.createDirectory(dir.resolve("data")).resolve("iris.csv"));
    }

    /** The epochs table: epoch number and seconds ("" when unknown) per row. */
    static List<String[]> epochs(String html) {
        String table = html.substring(html.indexOf("<table id=\"epochs\">"), html.indexOf("</table>", html.indexOf("<table id=\"epochs\">")));
        List<String[]> rows = new ArrayList<>();
        Matcher m = ROW.matcher(table);
        while (m.find()) {
            rows.add(new String[] {m.group(1), m.group(3)});
        }
        return rows;
    }

    @Test
    void aResumedRunsReportShowsOneHistoryAndNnlcReportAgrees() throws IOException {
        Path model = dir.resolve("iris.nnlz");
        Path first = dir.resolve("first.html");
        var r = nnlc("train", source.toString(), "--epochs", "2", "-q", "-o", model.toString(), "--report", first.toString());
        assertEquals(0, r.code(), r.err());
        String page = Files.readString(first);
        assertEquals(2, epochs(page).size());
        assertTrue(epochs(page).stream().allMatch(e -> !e[1].isEmpty()), "every epoch of this run is timed");
        assertTrue(page.contains("finished: trained 2 epochs"), page.substring(0, 400));
        assertSelfContained(page);

        Path resumed = dir.resolve("resumed.html");
        r = nnlc("train", source.toString(), "--epochs", "4", "-q", "--resume", model.toString(), "-o", model.toString(),
                "--report", resumed.toString());
        assertEquals(0, r.code(), r.err());
        List<String[]> rows = epochs(Files.readString(resumed));
        for (int i = 0; i < rows.size(); i++) {
            assertEquals(Integer.toString(i + 1), rows.get(i)[0], "epochs numbered without a gap");
        }
        assertTrue(rows.size() > 2, "the resumed epochs follow the first run's");
        assertTrue(rows.get(0)[1].isEmpty() && rows.get(1)[1].isEmpty(), "the first run's epochs have no timing in the second report");
        assertFalse(rows.get(rows.size() - 1)[1].isEmpty());

        Path saved = dir.resolve("saved.html");
        r = nnlc("report", model.toString(), "-o", saved.toString());
        assertEquals(0, r.code(), r.err());
        String savedPage = Files.readString(saved);
        assertEquals(rows.size(), epochs(savedPage).size(), "nnlc report shows the artifact's whole history");
        assertConfusion(savedPage);
        assertConfusion(page);
    }

    /** iris's 150 rows with validation_split = 0.2: the matrix counts the 30 validation rows, by species. */
    static void assertConfusion(String page) {
        int at = page.indexOf("<table class=\"confusion\" id=\"confusion\">");
        assertTrue(at > 0, "the confusion matrix");
        String table = page.substring(at, page.indexOf("</table>", at));
        assertTrue(table.contains("<th>setosa</th><th>versicolor</th><th>virginica</th>"), table);
        Matcher cell = Pattern.compile("<td [^>]*>(\\d+)</td>").matcher(table);
        int cells = 0;
        long sum = 0;
        while (cell.find()) {
            cells++;
            sum += Long.parseLong(cell.group(1));
        }
        assertEquals(9, cells);
        assertEquals(30, sum, "the counts cover the evaluated samples");
        assertTrue(page.contains("on the validation part of the training data, 30 samples"), page);
        assertTrue(page.contains("<table id=\"per-class\">") && page.contains("<th>precision</th><th>recall</th><th>support</th>"));
    }

    static void assertSelfContained(String page) {
        assertTrue(page.length() < 2_000_000, "size " + page.length());
        assertFalse(Pattern.compile("(src|href)=\"(https?:)?//").matcher(page).find(), "loads something from the network");
        assertTrue(page.contains("uPlot 1.6.32 (MIT licence"));
        assertTrue(page.contains("<svg") && page.contains("data-layer=\"dense\""), "the diagram");
        assertTrue(page.contains("Total params"), "the summary");
        assertTrue(page.contains("const HISTORY = [{"), "the curves' data");
    }

    @Test
    void aModelWhoseSourceMovedSaysWhyTheMatrixIsMissingUntilGivenData(@TempDir Path elsewhere) throws IOException {
        Path model = dir.resolve("iris.nnlz");
        if (!Files.exists(model)) {
            assertEquals(0, nnlc("train", source.toString(), "--epochs", "1", "-q", "-o", model.toString()).code());
        }
        Path moved = Files.copy(model, elsewhere.resolve("iris.nnlz"));
        Files.writeString(dir.resolve("iris_mlp.nnl"), Files.readString(source) + "// changed\n");
        try {
            Path page = elsewhere.resolve("r.html");
            var r = nnlc("report", moved.toString(), "-o", page.toString());
            assertEquals(0, r.code(), r.err());
            String html = Files.readString(page);
            assertFalse(html.contains("id=\"confusion\""));
            assertTrue(html.contains("not shown: ") && html.contains("pass --data PATH"), html);

            r = nnlc("report", moved.toString(), "--data", dir.resolve("data/iris.csv").toString(), "-o", page.toString());
            assertEquals(0, r.code(), r.err());
            html = Files.readString(page);
            assertTrue(html.contains("on all of " + dir.resolve("data/iris.csv") + ", 150 samples"), html);
            assertTrue(html.contains("<th>setosa</th><td>"), "the per-class table names the species");
        } finally {
            Files.copy(REPO.resolve("samples/iris_mlp.nnl"), source, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Test
    void reportRefusesToOverwriteItsModel() throws IOException {
        Path model = dir.resolve("iris.nnlz");
        if (!Files.exists(model)) {
            assertEquals(0, nnlc("train", source.toString(), "--epochs", "1", "-q", "-o", model.toString()).code());
        }
        var r = nnlc("report", model.toString(), "-o", model.toString());
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("choose another output file"), r.err());
    }
}
