package dev.nnl.graph;

import java.util.List;
import java.util.Map;

/**
 * What a model diagram shows, before layout: one box per input, layer or collapsed block, the
 * edges between them, and the groups expanded blocks form.
 *
 * @param model the model's name
 * @param boxes in the model's order: inputs, then layers as the source applies them
 * @param groups expanded block calls, each naming its member boxes
 * @param marks for the picture of a diff ({@code nnlc graph --diff}): the boxes that were added,
 *              removed or changed, by id; empty for the picture of one model
 */
public record Diagram(String model, List<Box> boxes, List<Edge> edges, List<Group> groups, Map<String, Mark> marks) {
    public Diagram {
        boxes = List.copyOf(boxes);
        edges = List.copyOf(edges);
        groups = List.copyOf(groups);
        marks = Map.copyOf(marks);
    }

    public Diagram(String model, List<Box> boxes, List<Edge> edges, List<Group> groups) {
        this(model, boxes, edges, groups, Map.of());
    }

    /** How a box of a diff picture changed; it picks the box's colours. */
    public enum Mark { ADDED, REMOVED, CHANGED }

    /** What a box stands for; it picks the box's colours. */
    public enum Kind { INPUT, LAYER, BLOCK, ERROR }

    /**
     * One box.
     *
     * @param id unique among the diagram's boxes and groups (the layer's name)
     * @param className the Keras class, the block's name, or {@code InputLayer}
     * @param shape the output shape as Keras prints it, or empty when unknown
     * @param params the parameter count, or -1 when not shown
     * @param output whether it is one of the model's outputs
     * @param tooltip the diagnostic of an error box, or empty
     */
    public record Box(String id, Kind kind, String className, String shape, long params, boolean output, String tooltip) {
    }

    /** An edge from one box to another, labelled with the tensor's shape (or empty). */
    public record Edge(String from, String to, String label) {
    }

    /** An expanded block call drawn as a frame around its layers. */
    public record Group(String id, String label, List<String> members) {
        public Group {
            members = List.copyOf(members);
        }
    }
}
