package dev.nnl.cli;

import dev.nnl.compiler.Compilation;
import dev.nnl.compiler.ir.ModelIR;
import dev.nnl.compiler.summary.SummaryText;
import dev.nnl.compiler.train.TrainConfig;
import dev.nnl.graph.DiagramOptions;
import dev.nnl.graph.Diagrams;
import dev.nnl.graph.SvgWriter;
import dev.nnl.runtime.CompiledModel;
import dev.nnl.runtime.ConfusionMatrix;
import dev.nnl.runtime.Evaluation;
import dev.nnl.runtime.NnlException;
import dev.nnl.runtime.OutputFiles;
import dev.nnl.runtime.TrainedModel;
import dev.nnl.runtime.train.TrainingListener;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code train --report}: a {@link TrainingListener} that passes every event on to the console's
 * and rewrites the HTML report atomically after every epoch, so it can be watched during a run. A
 * resumed run starts from the history saved in the artifact it resumes, so the report shows one
 * history.
 */
final class Report implements TrainingListener {
    private final TrainingListener next;
    private final Path target;
    private final ReportPage.Run base;
    private final List<Map<String, Double>> history;
    private final List<Double> seconds = new ArrayList<>();
    private final List<String> events = new ArrayList<>();
    private long epochStart;
    private int epochs;

    private Report(TrainingListener next, Path target, ReportPage.Run base, List<Map<String, Double>> earlier) {
        this.next = next;
        this.target = target;
        this.base = base;
        this.history = new ArrayList<>(earlier);
        earlier.forEach(e -> seconds.add(null));
    }

    /**
     * The report of a run of {@code model} written to {@code target}; {@code earlier} is the history
     * of the run it resumes (empty for a new run), {@code seed} null until the run has chosen it.
     */
    static Report of(TrainingListener next, Path target, CompiledModel model, List<Map<String, Double>> earlier, Long seed) {
        return new Report(next, target, base(model.compilation(), model.name(), model.model(), model.trainConfig(), seed), earlier);
    }

    /** The confusion matrix of the report's evaluation, or why there is none. */
    record Confusion(ConfusionMatrix matrix, String note) {
    }

    /**
     * The confusion matrix of {@code model} on all of {@code data}, or when null on the data
     * {@link TrainedModel#evaluate(java.util.function.Consumer)} chooses (test data, else the test
     * split, else the validation part), or why there is none.
     */
    static Confusion confusion(TrainedModel model, String data) {
        try {
            Evaluation e = model.evaluate(data, w -> { });
            return e.confusion() == null
                    ? new Confusion(null, "not shown: the loss is not a classification loss with at most "
                            + ConfusionMatrix.MAX_CLASSES + " classes")
                    : new Confusion(e.confusion(), "on " + (data != null ? "all of " + data : "the " + e.source().description())
                            + ", " + e.samples() + " samples");
        } catch (NnlException e) {
            return new Confusion(null, "not shown: " + e.getMessage());
        }
    }

    /**
     * The page of a saved model: its history and settings, without timings or events (they are not
     * saved), and its confusion matrix on {@code data} (null: the train block's held-out data).
     */
    static String page(TrainedModel model, String data) {
        ReportPage.Run b = base(model.compilation(), model.name(), model.model(), model.trainConfig(), model.seed());
        List<Double> none = new ArrayList<>();
        model.history().forEach(e -> none.add(null));
        return ReportPage.html(new ReportPage.Run(b.model(), "trained " + model.epochsTrained() + " epochs", b.diagramSvg(),
                b.summary(), b.settings(), b.seed(), model.history(), none, List.of(), null, confusion(model, data)));
    }

    private static ReportPage.Run base(Compilation c, String name, ModelIR ir, TrainConfig config, Long seed) {
        DiagramOptions o = new DiagramOptions(true, true, false, false);
        String svg = SvgWriter.write(Diagrams.of(c, name, o), o);
        String settings = config == null ? "(no train block)" : config.span().text();
        return new ReportPage.Run(name, "", svg, SummaryText.render(ir), settings, seed == null ? "chosen when training starts" : seed.toString(),
                List.of(), List.of(), List.of(), null, null);
    }

    /** The last write: the run's seed, its test scores and the confusion matrix. */
    void finish(long seed, int epochsTrained, Map<String, Double> test, Confusion confusion) throws IOException {
        OutputFiles.write(target, ReportPage.html(new ReportPage.Run(base.model(), "finished: trained " + epochsTrained + " epochs",
                base.diagramSvg(), base.summary(), base.settings(), Long.toString(seed), history, seconds, events, test, confusion))
                .getBytes(StandardCharsets.UTF_8));
    }

    /** Writes the page now: after an epoch, and once more at the end with the test scores. */
    void write(String status, Map<String, Double> test) throws IOException {
        String html = ReportPage.html(new ReportPage.Run(base.model(), status, base.diagramSvg(), base.summary(), base.settings(),
                base.seed(), history, seconds, events, test, null));
        OutputFiles.write(target, html.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void onTrainBegin(int epochs, int stepsPerEpoch, int samples) {
        this.epochs = epochs;
        next.onTrainBegin(epochs, stepsPerEpoch, samples);
    }

    @Override
    public void onEpochBegin(int epoch, int total) {
        epochStart = System.nanoTime();
        next.onEpochBegin(epoch, total);
    }

    @Override
    public void onBatchEnd(int epoch, int step, Map<String, Double> logs) {
        next.onBatchEnd(epoch, step, logs);
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        history.add(new LinkedHashMap<>(logs));
        seconds.add((System.nanoTime() - epochStart) / 1e9);
        next.onEpochEnd(epoch, logs);
        try {
            write("training: epoch " + (epoch + 1) + " of " + epochs, null);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(Failures.cannotWrite(target, e).getMessage(), e);
        }
    }

    @Override
    public void onMessage(String message) {
        if (!message.startsWith("warning:")) {
            events.add("epoch " + history.size() + ": " + message);
        }
        next.onMessage(message);
    }
}
