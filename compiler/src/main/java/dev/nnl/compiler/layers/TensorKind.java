package dev.nnl.compiler.layers;

/**
 * What a tensor holds, as far as the checker's rules of thumb care: what a layer takes
 * ({@link LayerDef#takes()}), what it gives ({@link LayerDef#gives(LayerArgs)}) and what the checker
 * tracks on each tensor.
 */
public enum TensorKind {
    /** Integer token ids, the input of an Embedding. */
    IDS,
    /** Steps with features: (batch, steps, features), e.g. an Embedding's or Conv1D's output. */
    SEQUENCE,
    /** An image or feature map: (batch, height, width, channels). */
    FEATURE_MAP,
    /** Nothing in particular. A layer that gives ANY keeps the kind of its input. */
    ANY
}
