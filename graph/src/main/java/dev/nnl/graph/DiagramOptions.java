package dev.nnl.graph;

/**
 * How to draw a model.
 *
 * @param shapes label edges with the tensor shapes they carry
 * @param params show each box's parameter count
 * @param expandBlocks draw each block call's layers inside a frame, instead of one box per call
 * @param leftToRight lay out left to right instead of top to bottom
 */
public record DiagramOptions(boolean shapes, boolean params, boolean expandBlocks, boolean leftToRight) {
    public static final DiagramOptions DEFAULT = new DiagramOptions(false, false, false, false);
}
