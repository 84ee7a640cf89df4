package dev.nnl.apitest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnl.compiler.summary.SummaryText;
import dev.nnl.runtime.CompiledModel;
import dev.nnl.runtime.FitOptions;
import dev.nnl.runtime.FitResult;
import dev.nnl.runtime.Nnl;
import dev.nnl.runtime.NnlException;
import dev.nnl.runtime.TrainedModel;
import dev.nnl.runtime.artifact.Artifact;
import dev.nnl.runtime.artifact.ArtifactReader;
import dev.nnl.runtime.data.DataException;
import dev.nnl.runtime.train.TrainingListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The Java API as an application uses it, from outside the runtime's packages: compile, train
 * (from the train block's files and from arrays), predict, evaluate, save, load, resume, errors,
 * and concurrent inference.
 */
class JavaApiTest {
    static final Path SAMPLES = Path.of("").toAbsolutePath().getParent().resolve("samples");
    static final Path IRIS = SAMPLES.resolve("iris_mlp.nnl");

    static CompiledModel iris;
    static FitResult trained;

    @BeforeAll
    static void trainIris() throws Exception {
        iris = Nnl.compile(IRIS);
        trained = iris.fit(FitOptions.defaults().withEpochs(30).withThreads(1), new TrainingListener() { });
    }

    /** Random standardized measurements: what the iris model's preprocessing produces. */
    static INDArray features(int rows, long seed) {
        Nd4j.getRandom().setSeed(seed);
        return Nd4j.randn(DataType.FLOAT, rows, 4);
    }

    @Test
    void compilesWithSummaryAndTrainBlock() {
        assertEquals("IrisMLP", iris.name());
        assertEquals(SummaryText.render(iris.model()), iris.summary());
        assertTrue(iris.summary().contains("403"), iris.summary());
        assertTrue(iris.summaryJson().contains("\"total_params\""), iris.summaryJson());
        assertEquals("sparse_categorical_crossentropy", iris.trainConfig().loss().name());
        assertTrue(iris.diagnostics().stream().noneMatch(d -> d.isError()));
    }

    @Test
    void compileErrorsCarryTheCliDiagnostics(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.nnl");
        Files.writeString(bad, "model M {\n    input x: (28, 28)\n    Dense(10)\n    Conv2D(8, 3)\n}\n");
        NnlException e = assertThrows(NnlException.class, () -> Nnl.compile(bad));
        assertFalse(e.isIo());
        assertFalse(e.diagnostics().isEmpty());
        assertTrue(e.diagnostics().get(0).isError());
        assertTrue(e.getMessage().contains("Conv2D") && e.getMessage().contains("bad.nnl:4:"), e.getMessage());

        NnlException missing = assertThrows(NnlException.class, () -> Nnl.compile(dir.resolve("none.nnl")));
        assertTrue(missing.isIo());
        assertTrue(missing.getMessage().endsWith("none.nnl: no such file"), missing.getMessage());

        NnlException noModel = assertThrows(NnlException.class, () -> Nnl.compile(IRIS, "Iris"));
        assertTrue(noModel.getMessage().contains("IrisMLP"), "suggests the real name: " + noModel.getMessage());
    }

    @Test
    void fitReportsProgressAndLearns() throws Exception {
        List<Integer> epochs = new ArrayList<>();
        List<Integer> steps = new ArrayList<>();
        FitResult r = iris.fit(FitOptions.defaults().withEpochs(3).withThreads(1), new TrainingListener() {
            @Override
            public void onBatchEnd(int epoch, int step, Map<String, Double> logs) {
                steps.add(step);
            }

            @Override
            public void onEpochEnd(int epoch, Map<String, Double> logs) {
                epochs.add(epoch);
                assertTrue(logs.containsKey("val_accuracy"), logs.toString());
            }
        });
        assertEquals(List.of(0, 1, 2), epochs);
        assertEquals(3 * 8, steps.size(), "120 training rows in batches of 16");
        assertEquals(3, r.history().size());
        assertEquals(120, r.trainSamples());
        assertEquals(30, r.validationSamples());
        assertTrue(trained.history().get(29).get("val_accuracy") > 0.8, trained.history().get(29).toString());
    }

    @Test
    void predictsProbabilitiesAndEvaluates() throws Exception {
        TrainedModel m = trained.model();
        INDArray p = m.predict(features(7, 1))[0];
        assertArrayEquals(new long[] {7, 3}, p.shape());
        for (int i = 0; i < 7; i++) {
            assertEquals(1.0, p.getRow(i).sumNumber().doubleValue(), 1e-5, "softmax rows sum to 1");
        }
        INDArray labels = p.argMax(1);
        Map<String, Double> own = m.evaluate(new INDArray[] {features(7, 1)}, labels);
        assertEquals(1.0, own.get("accuracy"), 1e-9, "a model agrees with its own argmax");
        assertTrue(own.containsKey("loss"));
    }

    @Test
    void viewsAndOtherTypesPredictAsTheirDenseFloatCopies() throws Exception {
        TrainedModel m = trained.model();
        INDArray all = features(10, 4);
        INDArray rows = all.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(3, 8), org.nd4j.linalg.indexing.NDArrayIndex.all());
        INDArray columnMajor = all.dup('f');
        assertTrue(rows.isView());
        assertEquals(m.predict(rows.dup('c'))[0], m.predict(rows)[0]);
        assertEquals(m.predict(all)[0], m.predict(columnMajor)[0]);
        assertEquals(m.predict(all.castTo(DataType.FLOAT).castTo(DataType.FLOAT))[0],
                m.predict(all.castTo(DataType.DOUBLE))[0].castTo(DataType.FLOAT));
    }

    @Test
    void badArraysAreDataExceptionsSayingWhatWasExpected() {
        TrainedModel m = trained.model();
        DataException wrongShape = assertThrows(DataException.class, () -> m.predict(Nd4j.zeros(DataType.FLOAT, 5, 3)));
        assertTrue(wrongShape.getMessage().contains("(3)") && wrongShape.getMessage().contains("features")
                && wrongShape.getMessage().contains("(4)"), wrongShape.getMessage());
        DataException twoInputs = assertThrows(DataException.class, () -> m.predict(features(2, 1), features(2, 1)));
        assertTrue(twoInputs.getMessage().contains("1 inputs (features)"), twoInputs.getMessage());
        DataException badLabel = assertThrows(DataException.class,
                () -> m.evaluate(new INDArray[] {features(2, 1)}, Nd4j.createFromArray(0f, 7f)));
        assertTrue(badLabel.getMessage().contains("label 7"), badLabel.getMessage());
    }

    @Test
    void savesAndLoadsTheSameModel(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("iris.nnlz");
        trained.model().save(file);
        TrainedModel loaded = Nnl.load(file);
        assertEquals(trained.model().predict(features(9, 2))[0], loaded.predict(features(9, 2))[0]);
        assertEquals(30, loaded.epochsTrained());
        assertEquals(30, loaded.history().size());
        assertEquals(List.of("setosa", "versicolor", "virginica"), loaded.preprocessing().labelNames().stream().sorted().toList(),
                "the label names read from the CSV travel with the model");
    }

    @Test
    void anInitializedModelResumesIntoTheSameRunAsTrainingFromScratch(@TempDir Path dir) throws Exception {
        FitOptions five = FitOptions.defaults().withEpochs(5).withThreads(1);
        TrainedModel start = iris.initialize(five);
        assertEquals(0, start.epochsTrained());
        assertEquals(42, start.seed(), "the train block's seed is recorded");
        Path file = dir.resolve("start.nnlz");
        start.save(file);
        FitResult resumed = iris.fit(five.withResume(file), new TrainingListener() { });
        FitResult scratch = iris.fit(five, new TrainingListener() { });
        assertArrayEquals(weights(scratch.model(), dir.resolve("scratch.nnlz")), weights(resumed.model(), dir.resolve("resumed.nnlz")));
    }

    /** The model's weights, as its saved file holds them (the API keeps the artifact to itself). */
    private static float[] weights(TrainedModel m, Path file) throws Exception {
        m.save(file);
        try (ArtifactReader r = ArtifactReader.open(file)) {
            Artifact a = r.header();
            r.readArrays(a);
            return a.weights;
        }
    }

    @Test
    void trainsOnArraysInMemory() throws Exception {
        // Two well-separated blobs: class = sign of the first feature.
        INDArray x = features(200, 3);
        INDArray y = x.getColumn(0).gt(0).castTo(DataType.FLOAT);
        FitResult r = iris.fit(new INDArray[] {x}, y, FitOptions.defaults().withEpochs(20).withThreads(1), new TrainingListener() { });
        assertEquals(160, r.trainSamples(), "validation_split 0.2 holds out the last 40 rows");
        assertTrue(r.history().get(19).get("val_accuracy") > 0.9, r.history().get(19).toString());
        assertEquals(null, r.test());
    }

    @Test
    void modelsWithoutATrainBlockInitializeButCannotFit() throws Exception {
        CompiledModel m = Nnl.compile("net.nnl", "model Net {\n    input x: (3)\n    Dense(2)\n}\n", null);
        assertEquals(null, m.trainConfig());
        TrainedModel t = m.initialize(7);
        assertArrayEquals(new long[] {4, 2}, t.predict(Nd4j.ones(DataType.FLOAT, 4, 3))[0].shape());
        NnlException e = assertThrows(NnlException.class, () -> m.fit(FitOptions.defaults(), new TrainingListener() { }));
        assertTrue(e.getMessage().contains("no `train` block"), e.getMessage());
        assertThrows(NnlException.class, () -> t.evaluate(new INDArray[] {Nd4j.ones(DataType.FLOAT, 4, 3)}, Nd4j.zeros(4)));
    }

    @Test
    void concurrentPredictionsEqualSequentialOnes() throws Exception {
        TrainedModel m = trained.model();
        int threads = 8;
        int calls = 25;
        INDArray[] inputs = new INDArray[threads * calls];
        INDArray[] expected = new INDArray[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            // Different batch sizes too: each plan resizes its buffers independently.
            inputs[i] = features(1 + i % 13, 100 + i);
            expected[i] = m.predict(inputs[i])[0];
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int first = t * calls;
                Callable<Boolean> work = () -> {
                    for (int i = first; i < first + calls; i++) {
                        if (!m.predict(inputs[i])[0].equals(expected[i])) {
                            return false;
                        }
                    }
                    return true;
                };
                results.add(pool.submit(work));
            }
            for (Future<Boolean> f : results) {
                assertTrue(f.get(), "a concurrent prediction differs from the sequential one");
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
