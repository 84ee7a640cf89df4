package dev.nnl.compiler.diff;

import dev.nnl.compiler.diff.ModelDiff.Change;
import dev.nnl.compiler.diff.ModelDiff.KeyChange;
import dev.nnl.compiler.diff.ModelDiff.TrainDiff;
import dev.nnl.compiler.train.TrainConfig;
import dev.nnl.compiler.train.TrainConfig.Configured;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The keys of two checked {@code train} blocks that differ. Settings are compared with their
 * defaults filled in ({@code Adam()} and {@code Adam(learning_rate=0.001)} are the same) and shown
 * as written.
 */
final class TrainDiffer {
    private TrainDiffer() {
    }

    static TrainDiff diff(TrainConfig before, TrainConfig after) {
        if (before == null && after == null) {
            return new TrainDiff(Change.UNCHANGED, false, List.of());
        }
        Map<String, String[]> b = keys(before);
        Map<String, String[]> a = keys(after);
        List<KeyChange> changes = new ArrayList<>();
        for (String key : a.keySet()) {
            String[] x = b.get(key);
            String[] y = a.get(key);
            if (!Objects.equals(x == null ? null : x[1], y == null ? null : y[1])) {
                changes.add(new KeyChange(key, x == null ? null : x[0], y == null ? null : y[0]));
            }
        }
        Change change = before == null ? Change.ADDED : after == null ? Change.REMOVED
                : changes.isEmpty() ? Change.UNCHANGED : Change.CHANGED;
        return new TrainDiff(change, true, changes);
    }

    /** Every key in the block's order: {shown, compared}, or null when the key is not set. */
    private static Map<String, String[]> keys(TrainConfig t) {
        Map<String, String[]> m = new LinkedHashMap<>();
        m.put("data", t == null ? null : configured(t.data()));
        m.put("validation_data", t == null ? null : configured(t.validationData()));
        m.put("test_data", t == null ? null : configured(t.testData()));
        m.put("loss", t == null || t.loss() == null ? null
                : new String[] {ArgText.configured(t.loss().name(), t.loss().args()), ArgText.configuredInFull(t.loss().name(), t.loss().args())});
        m.put("optimizer", t == null ? null : configured(t.optimizer()));
        m.put("metrics", t == null ? null : same("[" + String.join(", ", t.metrics()) + "]"));
        m.put("epochs", t == null ? null : same(Long.toString(t.epochs())));
        m.put("batch_size", t == null ? null : same(Long.toString(t.batchSize())));
        m.put("validation_split", t == null ? null : same(ArgText.of(t.validationSplit())));
        m.put("callbacks", t == null ? null : new String[] {
                t.callbacks().stream().map(c -> ArgText.configured(c.name(), c.args())).collect(Collectors.joining(", ", "[", "]")),
                t.callbacks().stream().map(c -> ArgText.configuredInFull(c.name(), c.args())).collect(Collectors.joining(", ", "[", "]"))});
        m.put("seed", t == null || t.seed() == null ? null : same(Long.toString(t.seed())));
        m.put("shuffle", t == null ? null : same(Boolean.toString(t.shuffle())));
        return m;
    }

    private static String[] configured(Configured c) {
        return c == null ? null : new String[] {ArgText.configured(c.name(), c.args()), ArgText.configuredInFull(c.name(), c.args())};
    }

    private static String[] same(String s) {
        return new String[] {s, s};
    }
}
