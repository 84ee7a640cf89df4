package dev.nnl.runtime.onnx;

import dev.nnl.compiler.ir.LayerNode;
import dev.nnl.runtime.samediff.ExportException;

/** How one layer class becomes ONNX nodes: the counterpart of a runtime kernel's forward pass at inference. */
@FunctionalInterface
public interface OnnxLowering {
    /** The names of the layer's outputs and of the mask they carry (the kernel's {@code outputMask}), or a null mask. */
    record Lowered(String[] outputs, String mask) {
        public static Lowered of(String out, String mask) {
            return new Lowered(new String[] {out}, mask);
        }
    }

    Lowered lower(OnnxScope s, LayerNode node, OnnxValue[] in) throws ExportException;
}
