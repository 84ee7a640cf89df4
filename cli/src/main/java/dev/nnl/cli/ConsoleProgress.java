package dev.nnl.cli;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import dev.nnl.runtime.train.TrainingListener;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Training output like Keras's: a live progress bar per epoch on a terminal (the progressbar
 * library draws it), one summary line per epoch otherwise; {@code --log json} writes one JSON
 * object per epoch to standard output instead, for tools.
 */
final class ConsoleProgress implements TrainingListener {
    private static final Gson GSON = new GsonBuilder().serializeSpecialFloatingPointValues().create();

    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean bar;
    private final boolean quiet;
    private final boolean json;
    private int steps;
    private int epochs;
    private ProgressBar progress;
    private long epochStart;
    /** When the epoch's last training batch ended: validation and callbacks come after it. */
    private long trainEnd;

    ConsoleProgress(PrintWriter out, PrintWriter err, boolean tty, boolean quiet, boolean json) {
        this.out = out;
        this.err = err;
        this.bar = tty && !quiet && !json;
        this.quiet = quiet;
        this.json = json;
    }

    @Override
    public void onTrainBegin(int epochs, int steps, int samples) {
        this.steps = steps;
        this.epochs = epochs;
        if (!quiet && !json) {
            err.printf(Locale.ROOT, "Training on %,d samples, %d batches per epoch%n", samples, steps);
            err.flush();
        }
    }

    @Override
    public void onEpochBegin(int epoch, int total) {
        epochStart = System.nanoTime();
        if (bar) {
            progress = new ProgressBarBuilder()
                    .setTaskName(String.format(Locale.ROOT, "Epoch %d/%d", epoch + 1, total))
                    .setInitialMax(steps)
                    .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BAR)
                    .setUpdateIntervalMillis(100)
                    .setConsumer(new ConsoleProgressBarConsumer(System.err))
                    .clearDisplayOnFinish()
                    .build();
        }
    }

    @Override
    public void onBatchEnd(int epoch, int step, Map<String, Double> logs) {
        trainEnd = System.nanoTime();
        if (progress != null) {
            progress.stepTo(step + 1);
            progress.setExtraMessage(format(logs));
        }
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        if (progress != null) {
            progress.close();
            progress = null;
        }
        double seconds = (System.nanoTime() - epochStart) / 1e9;
        if (json) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("epoch", epoch + 1);
            o.putAll(logs);
            o.put("seconds", Math.round(seconds * 1000) / 1000.0);
            // Training steps alone, comparable with a hand-written loop that skips validation.
            o.put("train_seconds", Math.round((trainEnd - epochStart) / 1e6) / 1000.0);
            out.println(GSON.toJson(o));
            out.flush();
        } else if (!quiet) {
            err.printf(Locale.ROOT, "Epoch %d/%d - %.1fs - %s%n", epoch + 1, epochs, seconds, format(logs));
            err.flush();
        }
    }

    @Override
    public void onMessage(String message) {
        if (progress != null) {
            progress.close();
            progress = null;
        }
        if (!quiet) {
            err.println(message);
            err.flush();
        }
    }

    /** "loss: 0.5411 - accuracy: 0.8069 - val_loss: …" (the learning rate only when it changed). */
    static String format(Map<String, Double> logs) {
        StringJoiner j = new StringJoiner(" - ");
        for (Map.Entry<String, Double> e : logs.entrySet()) {
            if (!e.getKey().equals("learning_rate")) {
                double v = e.getValue();
                j.add(e.getKey() + ": " + String.format(Locale.ROOT, Math.abs(v) < 1e6 ? "%.4f" : "%.4g", v));
            }
        }
        return j.toString();
    }
}
