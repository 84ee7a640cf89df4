package dev.nnl.runtime.samediff;

import dev.nnl.runtime.NnlException;

/**
 * A model that cannot be written as a SameDiff graph. The message is for the user: which layer,
 * why, and what to change.
 */
public final class ExportException extends NnlException {
    /** An export failure with a user-facing message. */
    public ExportException(String message) {
        super(message, false);
    }

    /** The failure for one layer: {@code layer `name` (Class): why. fix} */
    public static ExportException at(dev.nnl.compiler.ir.LayerNode node, String why, String fix) {
        return new ExportException("SameDiff export: layer `" + node.name() + "` (" + node.className() + "): " + why
                + (fix.isEmpty() ? "" : ". " + fix));
    }
}
