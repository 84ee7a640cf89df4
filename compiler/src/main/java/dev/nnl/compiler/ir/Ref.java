package dev.nnl.compiler.ir;

/**
 * What a {@link LayerNode#inbound()} entry names: a model input or a layer's output
 * {@code index}, written {@code name[index]} when the layer has several outputs.
 */
public record Ref(String name, int index) {
    /** Reads {@code name} or {@code name[index]}. */
    public static Ref parse(String ref) {
        if (ref.endsWith("]")) {
            int open = ref.lastIndexOf('[');
            return new Ref(ref.substring(0, open), Integer.parseInt(ref.substring(open + 1, ref.length() - 1)));
        }
        return new Ref(ref, 0);
    }
}
