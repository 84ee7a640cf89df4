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
        assertEquals(rows.size(), epochs(Files.readString(saved)).size(), "nnlc report shows the artifact's whole history");
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
