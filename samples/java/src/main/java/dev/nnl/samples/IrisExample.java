package dev.nnl.samples;

import dev.nnl.runtime.CompiledModel;
import dev.nnl.runtime.FitOptions;
import dev.nnl.runtime.FitResult;
import dev.nnl.runtime.Nnl;
import dev.nnl.runtime.NnlException;
import dev.nnl.runtime.TrainedModel;
import dev.nnl.runtime.data.Preprocessing;
import dev.nnl.runtime.train.TrainingListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * nnl from Java, start to finish: compile the bundled iris sample, train it, predict, save the
 * model as an .nnlz, load it back and check that it predicts the same.
 *
 * <p>Run it with {@code mvn -q compile exec:java} in samples/java (see README.md). Arguments
 * (both optional): the iris_mlp.nnl to train, and where to save the trained model.
 */
public final class IrisExample {
    /** How many rows of the CSV to show predictions for. */
    private static final int SHOWN = 5;

    public static void main(String[] args) {
        Path source = Path.of(args.length > 0 ? args[0] : "../iris_mlp.nnl");
        Path saved = Path.of(args.length > 1 ? args[1] : "target/iris_mlp.nnlz");
        try {
            run(source, saved);
        } catch (NnlException e) {
            // The message is complete and readable (for a compile error: the diagnostics, as
            // `nnlc check` prints them), so it is all a user needs to see.
            System.err.println(e.getMessage());
            System.exit(1);
        } catch (IOException e) {
            // Only saving the model writes a file.
            System.err.println("cannot write the model: " + e.getMessage());
            System.exit(1);
        }
    }

    static void run(Path source, Path saved) throws NnlException, IOException {
        // Compiling checks the model (shapes, layer arguments) without touching ND4J: fast, and a
        // mistake in the .nnl file fails here with the same diagnostics the CLI prints.
        CompiledModel compiled = Nnl.compile(source);
        System.out.println(compiled.summary());

        // The train block in iris_mlp.nnl names the data (data/iris.csv, relative to the .nnl
        // file), loss, optimizer and seed; FitOptions overrides a few of them for this run.
        // 30 of its 100 epochs already classify well, and a model this small gains nothing from a
        // second thread. The same seed and thread count give the same weights on every run.
        FitOptions options = FitOptions.defaults().withEpochs(30).withThreads(1);
        FitResult run = compiled.fit(options, new EpochPrinter());
        TrainedModel model = run.model();
        System.out.printf("trained on %d rows, validated on %d%n", run.trainSamples(), run.validationSamples());

        // predict() takes arrays as the model's input layer sees them, so new rows need the
        // same preparation as the training data: the CSV was standardized (standardize=true),
        // and the means and deviations used are saved with the model.
        Path csv = source.resolveSibling("data/iris.csv");
        List<String> rows = Files.readAllLines(csv).subList(1, 1 + SHOWN);
        INDArray features = standardize(rows, model.preprocessing());
        INDArray probabilities = model.predict(features)[0];
        // Class ids are positions in labelNames: the CSV's species words, sorted as scikit-learn's
        // LabelEncoder sorts them.
        List<String> species = model.preprocessing().labelNames();
        System.out.println("predictions:");
        for (int i = 0; i < rows.size(); i++) {
            INDArray p = probabilities.getRow(i);
            int best = p.argMax().getInt(0);
            String[] cells = rows.get(i).split(",");
            System.out.printf(Locale.ROOT, "  %s cm: %-10s predicted %-10s (p=%.2f)%n",
                    String.join(" ", Arrays.copyOf(cells, 4)), cells[4], species.get(best), p.getDouble(best));
        }

        // An .nnlz holds the model's source, weights and preprocessing: loading it needs no .nnl file.
        model.save(saved);
        TrainedModel loaded = Nnl.load(saved);
        INDArray again = loaded.predict(features)[0];
        if (!again.equals(probabilities)) {
            throw new NnlException("the loaded model predicts differently:\n" + again + "\nversus\n" + probabilities, false);
        }
        System.out.println("saved " + saved + "; the loaded model predicts the same");
    }

    /** The four measurements of each CSV row, standardized as training did. */
    static INDArray standardize(List<String> rows, Preprocessing prep) {
        float[][] x = new float[rows.size()][];
        for (int r = 0; r < x.length; r++) {
            // Columns: sepal_length, sepal_width, petal_length, petal_width, species.
            String[] cells = rows.get(r).split(",");
            x[r] = new float[4];
            for (int c = 0; c < 4; c++) {
                x[r][c] = (float) ((Double.parseDouble(cells[c]) - prep.means().get(c)) / prep.stds().get(c));
            }
        }
        return Nd4j.createFromArray(x);
    }

    /** Progress, one line per epoch; the CLI's progress bar implements the same interface. */
    static final class EpochPrinter implements TrainingListener {
        @Override
        public void onEpochEnd(int epoch, Map<String, Double> logs) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "epoch %2d", epoch + 1));
            for (Map.Entry<String, Double> e : logs.entrySet()) {
                line.append(String.format(Locale.ROOT, "  %s %.4f", e.getKey(), e.getValue()));
            }
            System.out.println(line);
        }

        @Override
        public void onMessage(String message) {
            System.out.println(message);
        }
    }

    private IrisExample() {
    }
}
