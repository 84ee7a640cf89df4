package dev.nnl.runtime.train;

import dev.nnl.compiler.layers.LayerArgs;
import dev.nnl.compiler.train.TrainConfig;
import dev.nnl.runtime.io.AtomicFiles;
import dev.nnl.runtime.plan.Plan;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Keras callbacks: EarlyStopping, ReduceLROnPlateau, ModelCheckpoint, CSVLogger. What they
 * remember between epochs lives in {@link Trainer.State#callbackState}, so it survives a resume.
 */
final class Callbacks {
    private final List<TrainConfig.Configured> configs;
    private final Trainer.State state;
    private final Optimizer optimizer;
    private final Plan plan;
    private final TrainingListener listener;

    Callbacks(List<TrainConfig.Configured> configs, Trainer.State state, Optimizer optimizer, Plan plan, TrainingListener listener) {
        this.configs = configs;
        this.state = state;
        this.optimizer = optimizer;
        this.plan = plan;
        this.listener = listener;
    }

    /** Returns true when training should stop. */
    boolean onEpochEnd(int epoch, Map<String, Double> logs, Trainer.Checkpointer checkpointer) throws Exception {
        boolean stop = false;
        for (int i = 0; i < configs.size(); i++) {
            TrainConfig.Configured c = configs.get(i);
            String key = c.name() + "#" + i + ".";
            LayerArgs a = c.args();
            switch (c.name()) {
                case "EarlyStopping" -> stop |= earlyStopping(key, a, epoch, logs);
                case "ReduceLROnPlateau" -> reduceLr(key, a, logs);
                case "ModelCheckpoint" -> checkpoint(key, a, epoch, logs, checkpointer);
                case "CSVLogger" -> csv(a, epoch, logs);
                default -> throw new IllegalStateException("unknown callback " + c.name());
            }
        }
        return stop;
    }

    /** Keras restores the best weights at the end of training, whether or not it stopped early. */
    void onTrainEnd() {
        for (int i = 0; i < configs.size(); i++) {
            TrainConfig.Configured c = configs.get(i);
            String key = c.name() + "#" + i + ".";
            double[] best = state.callbackArrays.get(key + "best_weights");
            if (c.name().equals("EarlyStopping") && c.args().getBool("restore_best_weights") && best != null) {
                var p = plan.store().params();
                for (int j = 0; j < best.length; j++) {
                    p.set(j, best[j]);
                }
                listener.onMessage(String.format(Locale.ROOT, "restored the weights of the best epoch: %d (%s %.4f)",
                        state.callbackState.get(key + "best_epoch").longValue() + 1, c.args().getString("monitor"),
                        state.callbackState.get(key + "best")));
            }
        }
    }

    /** min for losses and errors, max for accuracy-like metrics (Keras's "auto"). */
    private static boolean lowerIsBetter(String monitor, String mode) {
        if (!mode.equals("auto")) {
            return mode.equals("min");
        }
        String m = monitor.replace("val_", "");
        return !(m.contains("acc") || m.equals("auc") || m.equals("precision") || m.equals("recall"));
    }

    private Double monitored(LayerArgs a, Map<String, Double> logs) {
        String monitor = a.getString("monitor");
        Double v = logs.get(monitor);
        if (v == null) {
            listener.onMessage("callback: `" + monitor + "` is not available (have: " + String.join(", ", logs.keySet()) + "); skipping");
        }
        return v;
    }

    private boolean improved(String key, LayerArgs a, double value, double minDelta) {
        boolean lower = lowerIsBetter(a.getString("monitor"), a.getString("mode"));
        Double best = state.callbackState.get(key + "best");
        boolean better = best == null || (lower ? value < best - minDelta : value > best + minDelta);
        if (better) {
            state.callbackState.put(key + "best", value);
        }
        return better;
    }

    private boolean earlyStopping(String key, LayerArgs a, int epoch, Map<String, Double> logs) {
        if (epoch < a.getLong("start_from_epoch")) {
            return false;
        }
        Double v = monitored(a, logs);
        if (v == null) {
            return false;
        }
        if (improved(key, a, v, a.getDouble("min_delta"))) {
            state.callbackState.put(key + "wait", 0.0);
            state.callbackState.put(key + "best_epoch", (double) epoch);
            if (a.getBool("restore_best_weights")) {
                var p = plan.store().params();
                double[] best = new double[p.size];
                for (int i = 0; i < p.size; i++) {
                    best[i] = p.get(i);
                }
                state.callbackArrays.put(key + "best_weights", best);
            }
            return false;
        }
        double wait = state.callbackState.getOrDefault(key + "wait", 0.0) + 1;
        state.callbackState.put(key + "wait", wait);
        if (wait >= Math.max(1, a.getLong("patience"))) {
            listener.onMessage(String.format(Locale.ROOT, "early stopping: %s did not improve for %d epochs", a.getString("monitor"), (long) wait));
            return true;
        }
        return false;
    }

    private void reduceLr(String key, LayerArgs a, Map<String, Double> logs) {
        Double v = monitored(a, logs);
        if (v == null) {
            return;
        }
        double cooldown = state.callbackState.getOrDefault(key + "cooldown", 0.0);
        if (cooldown > 0) {
            state.callbackState.put(key + "cooldown", cooldown - 1);
            state.callbackState.put(key + "wait", 0.0);
        }
        if (improved(key, a, v, a.getDouble("min_delta"))) {
            state.callbackState.put(key + "wait", 0.0);
            return;
        }
        // Keras asks "still in cooldown?" after counting down, so the epoch that brings the counter
        // to 0 already waits: cooldown=c holds the rate c − 1 extra epochs, not c.
        if (state.callbackState.getOrDefault(key + "cooldown", 0.0) > 0) {
            return;
        }
        double wait = state.callbackState.getOrDefault(key + "wait", 0.0) + 1;
        state.callbackState.put(key + "wait", wait);
        if (wait >= a.getLong("patience")) {
            double old = optimizer.learningRate();
            double lr = Math.max(old * a.getDouble("factor"), a.getDouble("min_lr"));
            if (lr < old) {
                optimizer.setLearningRate(lr);
                listener.onMessage(String.format(Locale.ROOT, "reducing learning rate to %.3g", lr));
                state.callbackState.put(key + "cooldown", (double) a.getLong("cooldown"));
            }
            state.callbackState.put(key + "wait", 0.0);
        }
    }

    private void checkpoint(String key, LayerArgs a, int epoch, Map<String, Double> logs, Trainer.Checkpointer checkpointer)
            throws Exception {
        if (a.getBool("save_best_only")) {
            Double v = monitored(a, logs);
            if (v == null || !improved(key, a, v, 0)) {
                return;
            }
        }
        String path = a.getString("filepath").replace("{epoch}", String.format(Locale.ROOT, "%02d", epoch + 1));
        for (Map.Entry<String, Double> e : logs.entrySet()) {
            path = path.replace("{" + e.getKey() + "}", String.format(Locale.ROOT, "%.4f", e.getValue()));
        }
        checkpointer.save(path, state);
    }

    private void csv(LayerArgs a, int epoch, Map<String, Double> logs) throws IOException {
        Path file = Path.of(a.getString("filename"));
        String sep = a.getString("separator");
        boolean fresh = epoch == 0 && !a.getBool("append") || !Files.exists(file);
        List<String> header = new ArrayList<>();
        header.add("epoch");
        header.addAll(logs.keySet());
        List<String> row = new ArrayList<>();
        row.add(Integer.toString(epoch));
        for (double v : logs.values()) {
            row.add(Double.toString(v));
        }
        // Appending rewrites the whole (small) log through AtomicFiles, like every file nnl
        // writes: a kill mid-epoch never leaves a torn last line, and links are treated alike.
        String text = (fresh ? String.join(sep, header) + "\n" : Files.readString(file, StandardCharsets.UTF_8))
                + String.join(sep, row) + "\n";
        AtomicFiles.write(file, text.getBytes(StandardCharsets.UTF_8));
    }
}
