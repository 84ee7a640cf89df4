package dev.nnl.compiler.layers;

/**
 * One argument of a layer: Keras name, type, default and a line of documentation.
 *
 * @param defaultValue the converted default (what the layer sees when the argument is absent)
 * @param defaultText the default as written in source, for docs; null when required
 * @param keras2Name the Keras 2 spelling, accepted with a warning, or null
 * @param keywordOnly true for arguments Keras takes only by keyword ({@code name}, {@code trainable})
 */
public record Param(String name, ArgType type, Object defaultValue, String defaultText, String doc,
                    String keras2Name, boolean keywordOnly) {

    public boolean required() {
        return defaultText == null;
    }

    /** An argument accepted for compatibility and ignored ({@link ParamSchema.Builder#ignored}). */
    public boolean isIgnored() {
        return doc.startsWith("Ignored: ");
    }
}
