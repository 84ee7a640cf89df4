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

    // ---- facts the checker asks instead of comparing class names ----

    /** The layers this one is interchangeable with on other data; see {@link Family}. */
    default Family family() {
        return Family.OTHER;
    }

    /** The kind of tensor the layer is made for: sequences for 1D and recurrent layers, feature maps for 2D ones. */
    default TensorKind takes() {
        return family().data();
    }

    /**
     * The kind of tensor a call gives. {@link TensorKind#ANY} keeps the input's kind while the
     * output still has steps or pixels, and means nothing in particular once it is a vector.
     */
    default TensorKind gives(LayerArgs args) {
        return TensorKind.ANY;
    }

    default Masking masking() {
        return Masking.UNSUPPORTED;
    }

    /** Masking for a particular call, for layers where it depends on arguments (RNNs, Embedding). */
    default Masking masking(LayerArgs args) {
        return masking();
    }

    /** True for a call that reads a sequence but returns only its last step (an RNN without return_sequences). */
    default boolean returnsLastStepOnly(LayerArgs args) {
        return false;
    }

    /**
     * True for layers that combine the steps of a sequence with each other (1D windows and
     * pooling, Flatten): without the mask, padded steps blend into real ones.
     */
    default boolean readsAcrossSteps() {
        return family() == Family.SPATIAL_1D;
    }

    /** The activation its output ends with, for the loss lints: its {@code activation} argument, or {@code other}. */
    default String outputActivation(LayerArgs args) {
        return args.get("activation") instanceof String s ? s : "other";
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
