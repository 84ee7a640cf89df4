package dev.nnl.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnl.compiler.Compilation;
import dev.nnl.compiler.ir.ModelIR;
import dev.nnl.compiler.source.SourceFile;
import dev.nnl.runtime.artifact.Artifact;
import dev.nnl.runtime.data.Dataset;
import dev.nnl.runtime.data.Idx;
import dev.nnl.runtime.train.Trainer;
import dev.nnl.runtime.train.TrainingListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real training on the bundled Fashion-MNIST subset: learning happens, artifacts round-trip, resume is exact. */
class TrainingTest {
    static final Path REPO = Path.of("").toAbsolutePath().getParent();
    static final Path FASHION = REPO.resolve("samples/data/fashion-mnist");

    /** A small MLP on 28×28 images, its train block pointing at the bundled data. */
    static Compilation mlp(Path dir, int epochs) throws Exception {
        String src = "model Small {\n input image: (28, 28)\n Flatten()\n Dense(64, activation=relu)\n Dropout(0.1)\n"
                + " Dense(10, activation=softmax)\n}\n"
                + "train Small {\n data = idx(\"" + FASHION + "\", scale=1/255)\n loss = sparse_categorical_crossentropy\n"
                + " optimizer = Adam(learning_rate=0.002)\n metrics = [accuracy]\n epochs = " + epochs + "\n batch_size = 64\n"
                + " validation_split = 0.2\n seed = 5\n}\n";
        Path file = dir.resolve("small.nnl");
        Files.writeString(file, src);
        return dev.nnl.compiler.Compiler.compile(SourceFile.decode("small.nnl", file, Files.readAllBytes(file)));
    }

    static FitResult train(Compilation c, Path out, Path resume, AtomicBoolean stop, TrainingListener l) throws Exception {
        ModelIR m = c.models().get("Small");
        return new TrainJob(c, m, c.trains().get("Small"), new FitOptions(null, null, null, null, 1, out, resume)).run(l, stop);
    }

    @Test
    void learnsWellAboveChanceAndRoundTrips(@TempDir Path dir) throws Exception {
        Compilation c = mlp(dir, 2);
        Path out = dir.resolve("small.nnlz");
        FitResult r = train(c, out, null, new AtomicBoolean(), new TrainingListener() { });
        List<Map<String, Double>> h = r.history();
        assertEquals(2, h.size());
        assertTrue(h.get(1).get("loss") < h.get(0).get("loss"), "loss falls: " + h);
        assertTrue(r.test().get("accuracy") > 0.7, "10 classes: chance is 0.1, got " + r.test());

        TrainedModel loaded = TrainedModel.load(out);
        Dataset test = Idx.loadSplit(FASHION, false, 1 / 255.0).slice(0, 300);
        assertEquals(r.test().get("accuracy"), loaded.evaluate(Idx.loadSplit(FASHION, false, 1 / 255.0)).get("accuracy"), 1e-9);
        float[][] a = loaded.predict(test, 64);
        float[][] b = TrainedModel.load(out).predict(test, 17);
        for (int i = 0; i < a.length; i++) {
            assertArrayEquals(a[i], b[i], 1e-6f, "the same model gives the same outputs whatever the batch size");
        }
    }

    @Test
    void resumeAfterInterruptGivesTheSameResultAsOneRun(@TempDir Path dir) throws Exception {
        Compilation c = mlp(dir, 2);
        Path whole = dir.resolve("whole.nnlz");
        train(c, whole, null, new AtomicBoolean(), new TrainingListener() { });

        Path part = dir.resolve("part.nnlz");
        AtomicBoolean stop = new AtomicBoolean();
        TrainingListener stopMidEpoch = new TrainingListener() {
            @Override
            public void onBatchEnd(int epoch, int step, Map<String, Double> logs) {
                if (epoch == 0 && step == 40) {
                    stop.set(true);
                }
            }
        };
        assertThrows(Trainer.Stopped.class, () -> train(c, part, null, stop, stopMidEpoch));
        Artifact checkpoint = Artifact.load(part);
        assertEquals(0, checkpoint.meta.epoch);
        assertEquals(41, checkpoint.meta.step);
        train(c, part, part, new AtomicBoolean(), new TrainingListener() { });
        assertArrayEquals(Artifact.load(whole).weights, Artifact.load(part).weights, 0f, "bit-identical weights");
    }

    @Test
    void aConvNetOnOneChannelImagesLearns(@TempDir Path dir) throws Exception {
        // The bundled images are (28, 28); the model's input adds the channel axis.
        String src = "model Small {\n input image: (28, 28, 1)\n Conv2D(8, 3, activation=relu)\n MaxPooling2D(2)\n"
                + " Flatten()\n Dense(10, activation=softmax)\n}\n"
                + "train Small {\n data = idx(\"" + FASHION + "\", scale=1/255)\n loss = sparse_categorical_crossentropy\n"
                + " optimizer = Adam()\n metrics = [accuracy]\n epochs = 1\n batch_size = 64\n seed = 5\n}\n";
        Path file = dir.resolve("cnn.nnl");
        Files.writeString(file, src);
        Compilation c = dev.nnl.compiler.Compiler.compile(SourceFile.decode("cnn.nnl", file, Files.readAllBytes(file)));
        FitResult r = train(c, dir.resolve("cnn.nnlz"), null, new AtomicBoolean(), new TrainingListener() { });
        assertTrue(r.test().get("accuracy") > 0.6, "chance is 0.1, got " + r.test());
    }

    /**
     * The whole history of the seeded three-epoch run of {@link #mlp}: every epoch's loss and
     * metrics, recorded once from this build (threads=1). A change to any kernel, the optimizer,
     * the data order or the metrics moves these numbers; 1e-4 relative is far above float32
     * rounding noise and below one sample's worth of accuracy (1/8000 train, 1/2000 validation).
     */
    private static final List<Map<String, Double>> SEED_5_HISTORY = List.of(
            Map.of("loss", 0.8628574645275039, "accuracy", 0.706, "val_loss", 0.6068027963877304, "val_accuracy", 0.799,
                    "learning_rate", 0.002),
            Map.of("loss", 0.5715521552113693, "accuracy", 0.803125, "val_loss", 0.4994436630036298, "val_accuracy", 0.831,
                    "learning_rate", 0.002),
            Map.of("loss", 0.4860309102858428, "accuracy", 0.82775, "val_loss", 0.47129754620193387, "val_accuracy", 0.845,
                    "learning_rate", 0.002));

    @Test
    void sameSeedSameCurve(@TempDir Path dir) throws Exception {
        Compilation c = mlp(dir, 3);
        ModelIR m = c.models().get("Small");
        // Two threads first, then one (what the other tests here use, left in place for them):
        // the history must not depend on the thread count, so the fixed numbers hold anywhere.
        FitResult two = new TrainJob(c, m, c.trains().get("Small"),
                new FitOptions(null, null, null, null, 2, dir.resolve("two.nnlz"), null)).run(new TrainingListener() { }, new AtomicBoolean());
        List<Map<String, Double>> one = train(c, dir.resolve("one.nnlz"), null, new AtomicBoolean(), new TrainingListener() { }).history();
        assertEquals(SEED_5_HISTORY.size(), one.size(), "epochs: " + one);
        for (int e = 0; e < SEED_5_HISTORY.size(); e++) {
            Map<String, Double> want = SEED_5_HISTORY.get(e);
            assertEquals(want.keySet(), one.get(e).keySet(), "epoch " + (e + 1) + " logs");
            for (String key : want.keySet()) {
                double w = want.get(key);
                assertEquals(w, one.get(e).get(key), 1e-4 * Math.abs(w), "epoch " + (e + 1) + " " + key + ": " + one);
            }
        }
        assertEquals(one, two.history(), "one thread and two give the same history, bit for bit");
    }
}
