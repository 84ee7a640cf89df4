package dev.nnl.compiler.layers.pooling;

/** keras.layers.GlobalMaxPooling2D. */
public final class GlobalMaxPooling2D extends GlobalPoolBase {
    public GlobalMaxPooling2D() {
        super(2);
    }

    @Override
    public String className() {
        return "GlobalMaxPooling2D";
    }

    @Override
    public String doc() {
        return "Takes the maximum over the height and width of an image.";
    }

    @Override
    public String example() {
        return "GlobalMaxPooling2D()";
    }
}
