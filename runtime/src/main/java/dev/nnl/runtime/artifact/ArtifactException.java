package dev.nnl.runtime.artifact;

import dev.nnl.runtime.NnlException;

/** An artifact that cannot be read: missing, not an .nnlz, corrupt, or for another model. */
public final class ArtifactException extends NnlException {
    public ArtifactException(String message, boolean io) {
        super(message, io);
    }
}
