package dev.nnl.runtime.layers;

import dev.nnl.compiler.ir.LayerNode;
import dev.nnl.runtime.kernels.Kernel;
import dev.nnl.runtime.onnx.OnnxLowering;
import dev.nnl.runtime.samediff.Lowering;
import java.util.Objects;
import java.util.function.Function;

/**
 * Everything the runtime does with one layer class, one facet per target: the kernel that trains
 * and runs it, its SameDiff lowering and its ONNX lowering. A new target (ONNX export, Keras mapping) is one more
 * component here and one more argument of {@code LayerRuntimes.Entries.add}, so javac points at
 * every family file that still lacks it.
 *
 * @param kernel makes the layer's kernel for one node of a plan
 * @param lowering writes the layer's inference forward pass as SameDiff ops
 * @param onnx writes the layer's inference forward pass as ONNX nodes
 */
public record LayerRuntime(Function<LayerNode, Kernel> kernel, Lowering lowering, OnnxLowering onnx) {
    public LayerRuntime {
        Objects.requireNonNull(kernel, "kernel");
        Objects.requireNonNull(lowering, "lowering");
        Objects.requireNonNull(onnx, "onnx");
    }
}
