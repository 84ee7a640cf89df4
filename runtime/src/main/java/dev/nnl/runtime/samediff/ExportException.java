package dev.nnl.runtime.samediff;

import dev.nnl.runtime.NnlException;

/**
 * A model that cannot be written as a SameDiff graph or an ONNX model. The message is for the user: which layer,
 * why, and what to change.
 */
public final class ExportException extends NnlException {
    /** An export failure with a user-facing message. */
    public ExportException(String message) {
        super(message, false);
    }

    /** The failure for one layer: {@code SameDiff export: layer `name` (Class): why. fix} */
    public static ExportException at(dev.nnl.compiler.ir.LayerNode node, String why, String fix) {
        return at("SameDiff", node, why, fix);
    }

    /** The failure for one layer in the ONNX export: {@code ONNX export: layer `name` (Class): why. fix} */
    public static ExportException onnx(dev.nnl.compiler.ir.LayerNode node, String why, String fix) {
        return at("ONNX", node, why, fix);
    }

    private static ExportException at(String target, dev.nnl.compiler.ir.LayerNode node, String why, String fix) {
        return new ExportException(target + " export: layer `" + node.name() + "` (" + node.className() + "): " + why
                + (fix.isEmpty() ? "" : ". " + fix));
    }
}
