/**
 * A layer's runtime in one place. {@link dev.nnl.runtime.layers.LayerRuntimes} is the registry;
 * each family file ({@code Core}, {@code Conv}, {@code Recurrent}, {@code Normalization},
 * {@code Merge}) lists its Keras classes with, side by side, the kernel that trains and runs
 * them (in {@code dev.nnl.runtime.kernels}) and their SameDiff lowering (in the same file).
 *
 * <p>The shape of an entry is {@link dev.nnl.runtime.layers.LayerRuntime}: one facet per target.
 * Mappings to come (ONNX export, Keras import and export) are added there as further facets, and
 * their code goes into the family files next to the lowering, so a layer's whole runtime story
 * stays in its family file plus its kernel. LayerRuntimeCoverageTest pairs every layer of the
 * compiler's registry with exactly one entry here.
 *
 * <p>Imports point one way: {@code plan} and {@code export} use this package; it uses
 * {@code kernels}, {@code samediff} and {@code tensor}.
 */
package dev.nnl.runtime.layers;
