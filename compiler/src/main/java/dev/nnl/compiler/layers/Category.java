package dev.nnl.compiler.layers;

/** Families used to group layers in docs and in {@code nnlc layers}. */
public enum Category {
    CORE("Core"),
    CONVOLUTION("Convolution"),
    POOLING("Pooling"),
    RECURRENT("Recurrent"),
    NORMALIZATION("Normalization"),
    REGULARIZATION("Regularization"),
    ACTIVATION("Activation layers"),
    MERGE("Merge"),
    WRAPPER("Wrappers");

    private final String title;

    Category(String title) {
        this.title = title;
    }

    public String title() {
        return title;
    }
}
