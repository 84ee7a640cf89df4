package dev.nnl.compiler.layers;

import dev.nnl.compiler.source.Span;

/** A layer call bound to its definition: what a wrapper such as Bidirectional holds. */
public record BoundLayer(LayerDef def, LayerArgs args, String name, Span span) {
}
