package dev.nnl.compiler.layers.pooling;

/** keras.layers.GlobalAveragePooling2D. */
public final class GlobalAveragePooling2D extends GlobalPoolBase {
    public GlobalAveragePooling2D() {
        super(2);
    }

    @Override
    public String className() {
        return "GlobalAveragePooling2D";
    }

    @Override
    public String doc() {
        return "Takes the average over the height and width of an image.";
    }

    @Override
    public String example() {
        return "GlobalAveragePooling2D()";
    }
}
