package dev.nnl.runtime.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

/**
 * The classes in a run's labels, checked before training: a classifier trained on one class
 * reaches accuracy 1.0 and has learned nothing, and validation data with a class the training
 * data lacks measures what the model could never learn (a {@code validation_split} of a file
 * sorted by label does that).
 */
public final class LabelClasses {
    private LabelClasses() {
    }

    /**
     * Fails when a classification loss (sparse or categorical cross-entropy, binary cross-entropy)
     * sees fewer than two classes in the training labels; returns warnings for validation classes
     * the training lacks, and for other losses when every training label is the same.
     *
     * @param validation null when there is none
     * @param labelNames class names by id when labels were words, else empty
     * @param split whether the validation data is the tail of the training data (validation_split)
     */
    public static List<String> check(Dataset train, Dataset validation, String loss, List<String> labelNames, boolean split,
                                     String source) throws DataException {
        List<String> warnings = new ArrayList<>();
        if (train.labels() == null || train.size() == 0) {
            return warnings;
        }
        if (!classification(train, loss)) {
            float first = train.labels()[train.first() * train.labelsPerSample()];
            if (allEqual(train, first)) {
                warnings.add(source + ": every training label is " + name(first, labelNames)
                        + ", so the model can only learn that one value");
            }
            return warnings;
        }
        Set<Integer> trained = classes(train, loss).keySet();
        if (trained.size() < 2) {
            throw DataException.input(source + ": the training labels hold one class only (" + name(trained.iterator().next(), labelNames)
                    + "), and a classifier needs at least 2 to learn anything (is the label column the right one?)");
        }
        if (validation != null && validation.labels() != null) {
            TreeMap<Integer, Integer> unseen = classes(validation, loss);
            unseen.keySet().removeAll(trained);
            if (!unseen.isEmpty()) {
                List<String> described = unseen.entrySet().stream()
                        .map(e -> name(e.getKey(), labelNames) + " (" + e.getValue() + " sample" + (e.getValue() == 1 ? "" : "s") + ")").toList();
                warnings.add(source + ": the validation data holds class" + (unseen.size() == 1 ? " " : "es ") + String.join(", ", described)
                        + " that the training data lacks" + (split
                        ? "; validation_split takes the last rows of the data, so shuffle its rows (or sort it by something other than the label)"
                        : ""));
            }
        }
        return warnings;
    }

    /** Whether labels are class ids (one per sample) or one-hot rows, as the classification losses take them. */
    private static boolean classification(Dataset d, String loss) {
        return switch (loss) {
            case "sparse_categorical_crossentropy", "categorical_crossentropy" -> true;
            case "binary_crossentropy" -> d.labelsPerSample() == 1;
            default -> false;
        };
    }

    /** Samples per class: the id, the argmax of a one-hot row, or the side of 0.5 of a binary label. */
    private static TreeMap<Integer, Integer> classes(Dataset d, String loss) {
        TreeMap<Integer, Integer> counts = new TreeMap<>();
        int width = d.labelsPerSample();
        float[] y = d.labels();
        for (int r = d.first(); r < d.first() + d.size(); r++) {
            int c;
            if (width > 1) {
                c = 0;
                for (int k = 1; k < width; k++) {
                    if (y[r * width + k] > y[r * width + c]) {
                        c = k;
                    }
                }
            } else {
                c = loss.equals("binary_crossentropy") ? (y[r] >= 0.5f ? 1 : 0) : (int) y[r];
            }
            counts.merge(c, 1, Integer::sum);
        }
        return counts;
    }

    private static boolean allEqual(Dataset d, float value) {
        int width = d.labelsPerSample();
        for (int i = d.first() * width; i < (d.first() + d.size()) * width; i++) {
            if (d.labels()[i] != value) {
                return false;
            }
        }
        return true;
    }

    /** `setosa` for a word label, `0` for a number. */
    private static String name(double id, List<String> labelNames) {
        int i = (int) id;
        return "`" + (i == id && i >= 0 && i < labelNames.size() ? labelNames.get(i)
                : id == Math.rint(id) ? Long.toString((long) id) : Double.toString(id)) + "`";
    }
}
