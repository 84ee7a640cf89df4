package dev.nnl.runtime.layers;

import dev.nnl.compiler.ir.LayerNode;
import dev.nnl.runtime.kernels.Kernel;
import dev.nnl.runtime.onnx.OnnxLowering;
import dev.nnl.runtime.samediff.Lowering;
import java.util.Objects;
import java.util.function.Function;

/**
 * Everything the runtime does with one layer class, one facet per target: the kernel that trains
 * and runs it, its SameDiff and ONNX lowerings, and its Keras mapping. A new target is one more
 * component here and one more argument of {@code LayerRuntimes.Entries.add}, so javac points at
 * every family file that still lacks it.
 *
 * @param kernel makes the layer's kernel for one node of a plan
 * @param lowering writes the layer's inference forward pass as SameDiff ops
 * @param onnx writes the layer's inference forward pass as ONNX nodes
 * @param keras the layer's exceptions to the generic Keras config mapping (import and export)
 */
public record LayerRuntime(Function<LayerNode, Kernel> kernel, Lowering lowering, OnnxLowering onnx, KerasMapping keras) {
    public LayerRuntime {
        Objects.requireNonNull(kernel, "kernel");
        Objects.requireNonNull(lowering, "lowering");
        Objects.requireNonNull(onnx, "onnx");
        Objects.requireNonNull(keras, "keras");
    }
}
