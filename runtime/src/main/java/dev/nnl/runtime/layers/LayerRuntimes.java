package dev.nnl.runtime.layers;

import dev.nnl.compiler.ir.LayerNode;
import dev.nnl.runtime.kernels.Kernel;
import dev.nnl.runtime.onnx.OnnxLowering;
import dev.nnl.runtime.samediff.Lowering;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The runtime registry: Keras class name → {@link LayerRuntime}, one entry per class of the
 * compiler's {@code dev.nnl.compiler.layers.Registry} (LayerRuntimeCoverageTest keeps the two in
 * step). Each family file lists its classes with their kernel, lowerings and Keras mapping side by side; this
 * class only lists the families. The compiler stays ND4J-free; this is the only place that maps
 * its IR to ND4J code.
 */
public final class LayerRuntimes {
    private static final Map<String, LayerRuntime> RUNTIMES = new HashMap<>();

    static {
        Core.addTo(LayerRuntimes::add);
        Recurrent.addTo(LayerRuntimes::add);
        Conv.addTo(LayerRuntimes::add);
        Normalization.addTo(LayerRuntimes::add);
        Merge.addTo(LayerRuntimes::add);
    }

    /** Where a family file adds its classes. */
    @FunctionalInterface
    interface Entries {
        void add(String className, Function<LayerNode, Kernel> kernel, Lowering lowering, OnnxLowering onnx, KerasMapping keras);
    }

    private static void add(String className, Function<LayerNode, Kernel> kernel, Lowering lowering, OnnxLowering onnx,
                            KerasMapping keras) {
        if (RUNTIMES.put(className, new LayerRuntime(kernel, lowering, onnx, keras)) != null) {
            throw new IllegalStateException("two runtimes for " + className);
        }
    }

    private LayerRuntimes() {
    }

    public static boolean supports(String className) {
        return RUNTIMES.containsKey(className);
    }

    public static Set<String> classNames() {
        return Set.copyOf(RUNTIMES.keySet());
    }

    /** The runtime of the node's layer class. */
    public static LayerRuntime of(LayerNode node) {
        LayerRuntime r = RUNTIMES.get(node.className());
        if (r == null) {
            throw new UnsupportedLayerException(node);
        }
        return r;
    }

    /** The runtime of a layer class by its Keras name, or null when nnl has no such layer. */
    public static LayerRuntime of(String className) {
        return RUNTIMES.get(className);
    }

    /** The node's kernel, made by its layer class's runtime. */
    public static Kernel kernel(LayerNode node) {
        return of(node).kernel().apply(node);
    }

    /** A registered layer without a runtime: a bug (LayerRuntimeCoverageTest keeps the two registries in step). */
    public static final class UnsupportedLayerException extends RuntimeException {
        public UnsupportedLayerException(LayerNode node) {
            super("no kernel for `" + node.className() + "` (layer `" + node.name() + "`)");
        }
    }
}
