package dev.nnl.runtime.data;

import dev.nnl.runtime.NnlException;

/**
 * Data that cannot be used: a missing or unreadable file ({@link #io} true, exit code 3) or data
 * that does not fit the model (exit code 1). The message names the file and what was expected.
 * Messages quote what the file holds (a cell, a label, a header), so control characters in it
 * are shown as {@code ?}: a crafted file must not send escape sequences to the user's terminal.
 */
public final class DataException extends NnlException {
    public DataException(String message, boolean io) {
        super(printable(message), io);
    }

    private static String printable(String message) {
        return message.codePoints().map(c -> Character.isISOControl(c) && c != '\n' && c != '\t' ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    }

    public static DataException io(String message) {
        return new DataException(message, true);
    }

    public static DataException input(String message) {
        return new DataException(message, false);
    }
}
