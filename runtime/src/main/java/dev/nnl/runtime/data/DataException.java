package dev.nnl.runtime.data;

import dev.nnl.runtime.NnlException;

/**
 * Data that cannot be used: a missing or unreadable file ({@link #io} true, exit code 3) or data
 * that does not fit the model (exit code 1). The message names the file and what was expected.
 */
public final class DataException extends NnlException {
    public DataException(String message, boolean io) {
        super(message, io);
    }

    public static DataException io(String message) {
        return new DataException(message, true);
    }

    public static DataException input(String message) {
        return new DataException(message, false);
    }
}
