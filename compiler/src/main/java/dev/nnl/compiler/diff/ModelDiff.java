package dev.nnl.compiler.diff;

import dev.nnl.compiler.ir.Shape;
import java.util.List;
import java.util.Locale;

/**
 * What changed in one model between two versions of a file: its layers (all of them, in the new
 * model's order with removed layers where they were), its graph, its parameter totals and its
 * {@code train} block.
 *
 * @param name the model's name in the new file (the old one's when the model was removed)
 * @param oldName its name in the old file (differs when the only model of both files was renamed)
 * @param oldComplete whether the old model checked (false: compared as far as it checked)
 * @param outputs the output change, or null when the outputs are the same
 */
public record ModelDiff(String name, String oldName, Change status, boolean oldComplete, boolean newComplete,
                        List<LayerChange> layers, List<InputChange> inputs, OutputChange outputs,
                        List<MergeChange> merges, List<BlockChange> blocks, Params params, TrainDiff train) {
    public ModelDiff {
        layers = List.copyOf(layers);
        inputs = List.copyOf(inputs);
        merges = List.copyOf(merges);
        blocks = List.copyOf(blocks);
    }

    /** How a model, layer, merge or block call changed. {@code AFFECTED}: same call, but its output shape or parameters moved. */
    public enum Change {
        ADDED, REMOVED, CHANGED, AFFECTED, UNCHANGED;

        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public boolean changed() {
        return status != Change.UNCHANGED;
    }

    /** One layer as it was or is: name, class, the call as written, output shapes, parameters, inputs. */
    public record Layer(String name, String className, String call, List<Shape> shapes, long params,
                        long trainableParams, List<String> inbound) {
        public Layer {
            shapes = List.copyOf(shapes);
            inbound = List.copyOf(inbound);
        }

        public String shapeText() {
            return shapes.size() == 1 ? shapes.get(0).toString() : shapes.toString();
        }
    }

    /**
     * A layer matched across the versions, or one only in one of them.
     *
     * @param before null for an added layer
     * @param after null for a removed layer
     * @param arguments the arguments whose value changed (defaults included)
     * @param renamed whether a name written with {@code name=} changed (default names shifting
     *                because a layer was inserted before are not a change)
     * @param inboundChanged whether it reads different layers (a layer inserted or removed in
     *                       between does not count)
     */
    public record LayerChange(Change change, Layer before, Layer after, List<ArgChange> arguments, boolean renamed,
                              boolean inboundChanged) {
        public LayerChange {
            arguments = List.copyOf(arguments);
        }

        /** The name in the new model (the old one for a removed layer). */
        public String name() {
            return after != null ? after.name() : before.name();
        }

        public String className() {
            return after != null ? after.className() : before.className();
        }

        public boolean shapeChanged() {
            return before != null && after != null && !before.shapes().equals(after.shapes());
        }

        public boolean paramsChanged() {
            return before != null && after != null
                    && (before.params() != after.params() || before.trainableParams() != after.trainableParams());
        }
    }

    /** @param positional the layer's first, required argument, shown by value alone: {@code Dense(64 → 128)} */
    public record ArgChange(String name, boolean positional, String before, String after) {
    }

    /** An input added (before null), removed (after null) or with another shape or dtype. */
    public record InputChange(String name, String before, String after) {
    }

    /** The outputs before and after, each {@code name shape}. */
    public record OutputChange(List<String> before, List<String> after) {
        public OutputChange {
            before = List.copyOf(before);
            after = List.copyOf(after);
        }
    }

    /** A layer with several inputs (a merge) added, removed, or reading other layers. */
    public record MergeChange(String name, String className, Change change, List<String> before, List<String> after) {
        public MergeChange {
            before = List.copyOf(before);
            after = List.copyOf(after);
        }
    }

    /**
     * One call of a block whose expansion changed.
     *
     * @param call the call as written; {@code line} is 1-based, in the new file (the old for a removed call)
     * @param layers the layers of the expansion that changed (added, removed, changed or affected)
     */
    public record BlockChange(String block, String call, int line, Change change, List<String> layers) {
        public BlockChange {
            layers = List.copyOf(layers);
        }
    }

    /** Parameter totals before and after. */
    public record Params(Count total, Count trainable, Count nonTrainable) {
        public boolean changed() {
            return total.changed() || trainable.changed() || nonTrainable.changed();
        }
    }

    public record Count(long before, long after) {
        public boolean changed() {
            return before != after;
        }

        /** after / before, or NaN when before is 0. */
        public double ratio() {
            return before == 0 ? Double.NaN : (double) after / before;
        }

        /** {@code ×2.00}, or empty when there is no ratio. */
        public String ratioText() {
            return before == 0 ? "" : String.format(Locale.ROOT, "×%.2f", ratio());
        }
    }

    /**
     * The model's {@code train} block.
     *
     * @param change ADDED, REMOVED, CHANGED or UNCHANGED (also when neither version has one: then {@code present} is false)
     */
    public record TrainDiff(Change change, boolean present, List<KeyChange> keys) {
        public TrainDiff {
            keys = List.copyOf(keys);
        }
    }

    /** One key of a train block; before or after is null when the key is set on one side only. */
    public record KeyChange(String key, String before, String after) {
    }
}
