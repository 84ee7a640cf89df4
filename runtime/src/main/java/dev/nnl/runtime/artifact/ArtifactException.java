package dev.nnl.runtime.artifact;

/** An artifact that cannot be read: missing, not an .nnlz, corrupt, or for another model. */
public final class ArtifactException extends Exception {
    private final boolean io;

    public ArtifactException(String message, boolean io) {
        super(message);
        this.io = io;
    }

    public boolean isIo() {
        return io;
    }
}
