package dev.nnl.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnl.compiler.Compilation;
import dev.nnl.compiler.source.SourceFile;
import dev.nnl.runtime.data.Pretrained;
import dev.nnl.runtime.tensor.Tensor;
import dev.nnl.runtime.train.TrainingListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;

/** Keras callbacks on the bundled iris data: early stopping, learning-rate schedule, CSV log, checkpoints. */
class CallbacksTest {
    static FitResult train(Path dir, String callbacks, String optimizer, int epochs, List<String> messages) throws Exception {
        return train(dir, callbacks, optimizer, epochs, messages, dir.resolve("iris.nnlz"), null, new AtomicBoolean(), -1);
    }

    /** Trains iris; with {@code stopAtEpoch} ≥ 0, Ctrl-C arrives at the first batch of that epoch. */
    static FitResult train(Path dir, String callbacks, String optimizer, int epochs, List<String> messages, Path out,
                                 Path resume, AtomicBoolean stop, int stopAtEpoch) throws Exception {
        String src = "model Iris {\n input x: (4)\n Dense(8, activation=relu)\n Dense(3, activation=softmax)\n}\n"
                + "train Iris {\n data = csv(\"" + TrainingTest.REPO.resolve("samples/data/iris.csv") + "\", label=\"species\")\n"
                + " loss = sparse_categorical_crossentropy\n optimizer = " + optimizer + "\n metrics = [accuracy]\n"
                + " epochs = " + epochs + "\n batch_size = 16\n validation_split = 0.2\n seed = 3\n callbacks = [" + callbacks + "]\n}\n";
        Path file = dir.resolve("iris.nnl");
        Files.writeString(file, src);
        Compilation c = dev.nnl.compiler.Compiler.compile(SourceFile.decode("iris.nnl", file, Files.readAllBytes(file)));
        assertTrue(!c.hasErrors(), c.diagnostics().toString());
        return new TrainJob(c, c.models().get("Iris"), c.trains().get("Iris"),
                new FitOptions(null, null, null, null, 1, out, resume))
                .run(new TrainingListener() {
                    @Override
                    public void onMessage(String message) {
                        messages.add(message);
                    }

                    @Override
                    public void onBatchEnd(int epoch, int step, java.util.Map<String, Double> logs) {
                        if (epoch == stopAtEpoch) {
                            stop.set(true);
                        }
                    }
                }, stop);
    }

    @Test
    void earlyStoppingStopsWhenValidationLossStallsAndRestoresTheBest(@TempDir Path dir) throws Exception {
        List<String> messages = new ArrayList<>();
        // A learning rate this high makes the validation loss bounce, so patience runs out early.
        FitResult r = train(dir, "EarlyStopping(patience=2, restore_best_weights=true)", "SGD(learning_rate=3.0)", 60, messages);
        assertTrue(r.history().size() < 60, "stopped early after " + r.history().size() + " epochs");
        assertTrue(messages.stream().anyMatch(m -> m.startsWith("early stopping")), messages.toString());
        assertTrue(messages.stream().anyMatch(m -> m.matches("restored the weights of the best epoch: \\d+ \\(val_loss \\d\\.\\d{4}\\)")),
                messages.toString());
    }

    @Test
    void theBestWeightsSurviveAnInterruptAndResume(@TempDir Path dir) throws Exception {
        // The validation loss bounces at this rate, so the best epoch comes well before the last.
        String callbacks = "EarlyStopping(patience=100, restore_best_weights=true)";
        List<String> whole = new ArrayList<>();
        train(dir, callbacks, "SGD(learning_rate=3.0)", 12, whole, dir.resolve("whole.nnlz"), null, new AtomicBoolean(), -1);

        Path part = dir.resolve("part.nnlz");
        org.junit.jupiter.api.Assertions.assertThrows(dev.nnl.runtime.train.Trainer.Stopped.class, () ->
                train(dir, callbacks, "SGD(learning_rate=3.0)", 12, new ArrayList<>(), part, null, new AtomicBoolean(), 10));
        List<String> resumed = new ArrayList<>();
        train(dir, callbacks, "SGD(learning_rate=3.0)", 12, resumed, part, part, new AtomicBoolean(), -1);
        String restored = whole.stream().filter(m -> m.startsWith("restored")).findFirst().orElseThrow();
        int best = Integer.parseInt(restored.replaceAll("\\D*(\\d+) .*", "$1"));
        assertTrue(best <= 10, "the best epoch comes before the interrupt (in epoch 11), so it was saved: " + restored);
        assertEquals(restored, resumed.stream().filter(m -> m.startsWith("restored")).findFirst().orElse("(no restore after resume)"));
        org.junit.jupiter.api.Assertions.assertArrayEquals(dev.nnl.runtime.artifact.Artifact.load(dir.resolve("whole.nnlz")).weights,
                dev.nnl.runtime.artifact.Artifact.load(part).weights, 0f, "the same best weights, bit for bit");
    }

    @Test
    void reduceLrOnPlateauFollowsKerasScheduleAndCsvLoggerWritesEveryEpoch(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("log.csv");
        List<String> messages = new ArrayList<>();
        // min_delta=10: the first epoch improves on "no best yet", no later one can improve by 10,
        // so every epoch from the second on is a plateau epoch whatever the losses are.
        FitResult r = train(dir, "ReduceLROnPlateau(monitor=\"loss\", factor=0.5, patience=2, cooldown=2, min_lr=0.002,"
                + " min_delta=10), CSVLogger(\"" + csv + "\")", "Adam(learning_rate=0.01)", 12, messages);
        List<Double> rates = r.history().stream().map(h -> h.get("learning_rate")).toList();
        // The rate each epoch trained with, by Keras's rule (Callbacks.reduceLr): epoch 3 is the
        // second plateau epoch, so it ends with 0.01 · 0.5. Cooldown then counts down at the end of
        // epochs 4 and 5 (wait held at 0), and Keras counts epoch 5 as waiting again as soon as
        // the counter reaches 0: epoch 6 is the second wait, 0.0025. Epoch 9 ends with
        // max(0.00125, min_lr) = 0.002, and at min_lr nothing is lowered any more.
        List<Double> want = List.of(0.01, 0.01, 0.01, 0.005, 0.005, 0.005, 0.0025, 0.0025, 0.0025, 0.002, 0.002, 0.002);
        assertEquals(want.size(), rates.size(), "epochs: " + rates);
        for (int e = 0; e < want.size(); e++) {
            assertEquals(want.get(e), rates.get(e), 1e-12, "epoch " + (e + 1) + ": " + rates);
        }
        assertEquals(List.of("reducing learning rate to 0.00500", "reducing learning rate to 0.00250",
                "reducing learning rate to 0.00200"),
                messages.stream().filter(m -> m.startsWith("reducing")).toList());
        List<String> lines = Files.readAllLines(csv);
        assertEquals(13, lines.size(), "header and one row per epoch: " + lines);
        assertTrue(lines.get(0).startsWith("epoch,loss,accuracy,val_loss,val_accuracy"), lines.get(0));
    }

    @Test
    void modelCheckpointWritesAnArtifactPerEpoch(@TempDir Path dir) throws Exception {
        train(dir, "ModelCheckpoint(\"" + dir.resolve("ckpt-{epoch}.nnlz") + "\")", "Adam()", 3, new ArrayList<>());
        for (int e = 1; e <= 3; e++) {
            Path p = dir.resolve(String.format("ckpt-%02d.nnlz", e));
            assertTrue(Files.exists(p), p + " exists");
            assertEquals(e, TrainedModel.load(p).history().size());
        }
    }

    @Test
    void pretrainedVectorsFillTheRowsOfKnownWords(@TempDir Path dir) throws Exception {
        Path vectors = dir.resolve("v.txt");
        Files.writeString(vectors, "2 3\ncat 0.1 0.2 0.3\ndog -1 -2 -3\nunseen 9 9 9\n");
        Tensor table = Tensor.zeros(DataType.FLOAT, 4, 3);
        int found = Pretrained.load(vectors, List.of("", "[UNK]", "dog", "cat"), table, "embedding");
        assertEquals(2, found);
        assertEquals(-1, table.get(2 * 3), 1e-7);
        assertEquals(0.3, table.get(3 * 3 + 2), 1e-7);
        assertEquals(0, table.get(0), 0);
        Files.writeString(vectors, "cat 0.1 0.2\n");
        var e = org.junit.jupiter.api.Assertions.assertThrows(dev.nnl.runtime.data.DataException.class,
                () -> Pretrained.load(vectors, List.of("", "[UNK]", "cat"), table, "embedding"));
        assertTrue(e.getMessage().contains("output_dim=3"), e.getMessage());
    }

}
