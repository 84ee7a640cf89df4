package dev.nnl.compiler.layers;

import dev.nnl.compiler.ir.Shape;
import dev.nnl.compiler.ir.Weight;
import java.util.List;

/**
 * One Keras layer class: its arguments, its shape rule and the weights it creates. Pure and
 * ND4J-free; the runtime keys its lowering by {@link #className()}.
 *
 * <p>Shape inference reports problems through the {@link LayerContext} and returns null instead
 * of throwing; the checker then poisons everything downstream so one mistake gives one error.
 */
public interface LayerDef {
    /** The Keras class name, e.g. {@code Conv2D}. */
    String className();

    Category category();

    /** One sentence for {@code nnlc layers} and the docs. */
    String doc();

    /** The shape rule in Keras notation, e.g. {@code (batch, …, d) → (batch, …, units)}. */
    String shapeRule();

    /** A typical call, shown by {@code nnlc explain}. */
    String example();

    ParamSchema params();

    /** Output shapes for the given input shapes (one per output), or null after reporting. */
    List<Shape> outputShapes(LayerContext c, List<Shape> inputs);

    /** The variables the layer creates, in Keras {@code get_weights()} order. */
    List<Weight> weights(LayerArgs args, List<Shape> inputs);

    default Masking masking() {
        return Masking.UNSUPPORTED;
    }

    /** Masking for a particular call, for layers where it depends on arguments (RNNs). */
    default Masking masking(LayerArgs args) {
        return masking();
    }

    /** True for layers that take several tensors ({@code Add(a, b)}). */
    default boolean isMerge() {
        return false;
    }

    /** True for layers that move data without computing on it and so keep an int32 dtype. */
    default boolean keepsDtype() {
        return false;
    }
}
