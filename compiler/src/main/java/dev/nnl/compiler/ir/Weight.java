package dev.nnl.compiler.ir;

/** One variable a layer creates, in Keras {@code get_weights()} order. */
public record Weight(String name, Shape shape, boolean trainable) {
    /** Shape here has no batch axis; weights have none, so the dims are the whole shape. */
    public long size() {
        return shape.elements();
    }
}
