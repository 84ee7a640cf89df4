package dev.nnl.runtime.samediff;

import dev.nnl.compiler.ir.LayerNode;
import org.nd4j.autodiff.samediff.SDVariable;

/** How one layer class becomes SameDiff ops: the counterpart of a runtime kernel's forward pass at inference. */
@FunctionalInterface
public interface Lowering {
    /** The layer's outputs and the mask they carry (the kernel's {@code outputMask}). */
    public record Lowered(SDVariable[] outputs, SDVariable mask) {
        public static Lowered of(SDVariable out, SDVariable mask) {
            return new Lowered(new SDVariable[] {out}, mask);
        }
    }

    Lowered lower(ExportScope s, LayerNode node, SdValue[] in) throws ExportException;
}
