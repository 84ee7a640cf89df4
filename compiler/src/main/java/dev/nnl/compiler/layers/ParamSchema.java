package dev.nnl.compiler.layers;

import java.util.ArrayList;
import java.util.List;

/**
 * The arguments of a layer in Keras positional order. Built once per layer class; the binder
 * in {@code check} uses it to match a call's arguments and the docs are generated from it.
 */
public final class ParamSchema {
    /** The keywords every layer takes besides its own. */
    public static final ParamSchema UNIVERSAL = ParamSchema.builder()
            .keyword("name", ArgType.name(), null, "(Keras default)", "The layer's name (default: snake_case class name, numbered).")
            .keyword("trainable", ArgType.bool(), true, "true", "Whether the layer's weights are updated by training.")
            .build();

    private final List<Param> params;

    private ParamSchema(List<Param> params) {
        this.params = List.copyOf(params);
    }

    public List<Param> params() {
        return params;
    }

    public Param get(String name) {
        for (Param p : params) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        return null;
    }

    public Param byKeras2Name(String name) {
        for (Param p : params) {
            if (name.equals(p.keras2Name())) {
                return p;
            }
        }
        return null;
    }

    /** Arguments that may be given by position, in order. */
    public List<Param> positional() {
        return params.stream().filter(p -> !p.keywordOnly()).toList();
    }

    public List<String> names() {
        return params.stream().map(Param::name).toList();
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private final List<Param> params = new ArrayList<>();

        /** An argument the caller must give. */
        public Builder required(String name, ArgType type, String doc) {
            params.add(new Param(name, type, null, null, doc, null, false));
            return this;
        }

        /** An optional argument; {@code defaultText} is how the default is written in source. */
        public Builder optional(String name, ArgType type, Object defaultValue, String defaultText, String doc) {
            params.add(new Param(name, type, defaultValue, defaultText, doc, null, false));
            return this;
        }

        /** Keyword-only, as Keras's {@code **kwargs} arguments are. */
        public Builder keyword(String name, ArgType type, Object defaultValue, String defaultText, String doc) {
            params.add(new Param(name, type, defaultValue, defaultText, doc, null, true));
            return this;
        }

        /** Renames the last added argument's Keras 2 spelling, accepted with a warning. */
        public Builder keras2(String oldName) {
            Param p = params.remove(params.size() - 1);
            params.add(new Param(p.name(), p.type(), p.defaultValue(), p.defaultText(), p.doc(), oldName, p.keywordOnly()));
            return this;
        }

        /**
         * An argument Keras 3 accepts and ignores (with a deprecation warning), such as
         * Embedding's {@code input_length}: accepted with warning NNL2028.
         */
        public Builder ignored(String name, String why) {
            params.add(new Param(name, ArgType.any(), null, "none", "Ignored: " + why, null, true));
            return this;
        }

        /** Appends another schema's arguments (shared groups such as regularizers). */
        public Builder include(ParamSchema other) {
            params.addAll(other.params);
            return this;
        }

        public ParamSchema build() {
            return new ParamSchema(params);
        }
    }
}
