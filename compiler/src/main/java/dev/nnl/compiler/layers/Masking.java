package dev.nnl.compiler.layers;

/** What a layer does with a padding mask from {@code Embedding(mask_zero=true)} (Keras semantics). */
public enum Masking {
    /** Starts a mask from its input (Embedding with mask_zero=true); any mask coming in ends. */
    PRODUCE,
    /** Passes the mask on to the next layer (Dropout, Dense, normalization, merges). */
    PROPAGATE,
    /** Uses the mask and ends it (an RNN without return_sequences, global pooling). */
    CONSUME,
    /** Ignores it: later layers see padding as data, which the lint NNL5008 reports. */
    UNSUPPORTED
}
