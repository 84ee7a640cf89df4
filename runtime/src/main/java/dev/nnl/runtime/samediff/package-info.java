/**
 * The vocabulary of SameDiff lowerings: the graph under construction with the plan's weights
 * ({@link dev.nnl.runtime.samediff.ExportScope}), one tensor of it
 * ({@link dev.nnl.runtime.samediff.SdValue}), what a layer's lowering returns
 * ({@link dev.nnl.runtime.samediff.Lowering}) and the activations as SameDiff ops. The lowerings
 * themselves live with their layers in {@code dev.nnl.runtime.layers}; the graph is assembled by
 * {@code dev.nnl.runtime.export.SameDiffExport}.
 */
package dev.nnl.runtime.samediff;
