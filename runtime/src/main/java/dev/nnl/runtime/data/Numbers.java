package dev.nnl.runtime.data;

/**
 * Numbers written as text in data files (CSV cells, pretrained vectors), read the same way
 * everywhere: {@link Double#parseDouble} also accepts {@code NaN} and {@code Infinity} and turns
 * {@code 1e400} into infinity, and any of those would reach the model as a non-finite value that
 * poisons the loss or the predictions. They are rejected here, with the place they were found.
 */
final class Numbers {
    private Numbers() {
    }

    /** Whether {@code s} is written as a number at all (finite or not). */
    static boolean isNumber(String s) {
        try {
            Double.parseDouble(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /**
     * The finite value of {@code s}.
     *
     * @param where the place, for the message: {@code "t.csv:3: column `b`"}
     */
    static double finite(String s, String where) throws DataException {
        double v;
        try {
            v = Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw DataException.input(where + " needs a number, found `" + s + "`");
        }
        if (!Double.isFinite(v)) {
            boolean overflow = !s.matches("[+-]?(NaN|Infinity)");
            throw DataException.input(where + " needs a finite number, found `" + s + "`"
                    + (overflow ? " (too large: it overflows to infinity)" : ""));
        }
        return v;
    }
}
