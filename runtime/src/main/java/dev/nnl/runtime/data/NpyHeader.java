package dev.nnl.runtime.data;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The header dictionary of a .npy file, e.g. {@code {'descr': '<f4', 'fortran_order': False,
 * 'shape': (2, 4), }}: a Python literal read by a small parser of its own (never evaluated), which
 * accepts exactly the three keys NumPy writes, strings, {@code True}/{@code False} and tuples of
 * non-negative integers. Python 2's long suffix ({@code (2L, 4L)}) is accepted, as NumPy's own
 * reader accepts it in old files.
 */
record NpyHeader(String descr, boolean fortranOrder, long[] shape) {
    private static final List<String> KEYS = List.of("descr", "fortran_order", "shape");

    /** A header that cannot be used; the message says what is wrong, without the file name. */
    static final class Invalid extends Exception {
        Invalid(String message) {
            super(message);
        }
    }

    /**
     * The dictionary as NumPy writes it, e.g. {@code {'descr': '<f4', 'fortran_order': False, 'shape': (2, 4), }}:
     * a one-element shape keeps Python's trailing comma, {@code (3,)}, so {@link #parse} and NumPy read it back.
     */
    String text() {
        StringBuilder dims = new StringBuilder();
        for (long d : shape) {
            dims.append(dims.length() == 0 ? "" : ", ").append(d);
        }
        if (shape.length == 1) {
            dims.append(',');
        }
        return "{'descr': '" + descr + "', 'fortran_order': " + (fortranOrder ? "True" : "False") + ", 'shape': (" + dims + "), }";
    }

    static NpyHeader parse(String text) throws Invalid {
        Map<String, Object> dict = new Parser(text).dict();
        if (!dict.keySet().equals(new java.util.HashSet<>(KEYS))) {
            throw new Invalid("the header must have exactly the keys 'descr', 'fortran_order' and 'shape', found "
                    + (dict.isEmpty() ? "none" : "'" + String.join("', '", dict.keySet()) + "'"));
        }
        if (!(dict.get("descr") instanceof String descr)) {
            throw new Invalid("'descr' must be a string such as '<f4', found " + dict.get("descr"));
        }
        if (!(dict.get("fortran_order") instanceof Boolean fortran)) {
            throw new Invalid("'fortran_order' must be True or False");
        }
        if (!(dict.get("shape") instanceof long[] shape)) {
            throw new Invalid("'shape' must be a tuple of sizes such as (60000, 784)");
        }
        return new NpyHeader(descr, fortran, shape);
    }

    /** Recursive descent over the one-line literal; positions in messages are 0-based. */
    private static final class Parser {
        private final String s;
        private int i;

        Parser(String s) {
            this.s = s;
        }

        Map<String, Object> dict() throws Invalid {
            Map<String, Object> out = new LinkedHashMap<>();
            expect('{');
            while (peek() != '}') {
                String key = string();
                expect(':');
                Object value = value();
                if (out.put(key, value) != null) {
                    throw new Invalid("key '" + key + "' appears twice in the header");
                }
                if (peek() != ',') {
                    break;
                }
                i++;
            }
            expect('}');
            if (peek() != 0) {
                throw new Invalid("unexpected text after the header dictionary at offset " + i);
            }
            return out;
        }

        private Object value() throws Invalid {
            char c = peek();
            if (c == '\'' || c == '"') {
                return string();
            }
            if (c == '(') {
                return tuple();
            }
            if (s.startsWith("True", i)) {
                i += 4;
                return true;
            }
            if (s.startsWith("False", i)) {
                i += 5;
                return false;
            }
            throw new Invalid("unexpected " + describe(c) + " at offset " + i + " of the header");
        }

        private long[] tuple() throws Invalid {
            expect('(');
            List<Long> dims = new ArrayList<>();
            while (peek() != ')') {
                dims.add(size());
                if (peek() != ',') {
                    break;
                }
                i++;
            }
            expect(')');
            return dims.stream().mapToLong(Long::longValue).toArray();
        }

        /** A non-negative integer, optionally with Python 2's L suffix. */
        private long size() throws Invalid {
            peek();
            int start = i;
            if (i < s.length() && s.charAt(i) == '-') {
                throw new Invalid("the shape has a negative size at offset " + i + " of the header");
            }
            while (i < s.length() && Character.isDigit(s.charAt(i)) && s.charAt(i) < 128) {
                i++;
            }
            if (i == start) {
                throw new Invalid("the shape must hold whole numbers, found " + describe(peek()) + " at offset " + i + " of the header");
            }
            String digits = s.substring(start, i);
            if (i < s.length() && (s.charAt(i) == 'L' || s.charAt(i) == 'l')) {
                i++;
            }
            if (i < s.length() && (s.charAt(i) == '.' || Character.isLetterOrDigit(s.charAt(i)))) {
                throw new Invalid("the shape must hold whole numbers, found " + describe(s.charAt(i)) + " at offset " + i + " of the header");
            }
            try {
                return Long.parseLong(digits);
            } catch (NumberFormatException e) {
                throw new Invalid("the shape has a size too large to hold, " + digits);
            }
        }

        private String string() throws Invalid {
            char quote = peek();
            if (quote != '\'' && quote != '"') {
                throw new Invalid("expected a quoted key or string at offset " + i + " of the header, found " + describe(quote));
            }
            int end = s.indexOf(quote, i + 1);
            if (end < 0) {
                throw new Invalid("a string in the header is not closed");
            }
            String out = s.substring(i + 1, end);
            if (out.indexOf('\\') >= 0) {
                throw new Invalid("escapes are not expected in a .npy header string");
            }
            i = end + 1;
            return out;
        }

        private void expect(char c) throws Invalid {
            if (peek() != c) {
                throw new Invalid("expected '" + c + "' at offset " + i + " of the header, found " + describe(peek()));
            }
            i++;
        }

        /** Skips spaces and returns the next character, or 0 at the end. */
        private char peek() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
            return i < s.length() ? s.charAt(i) : 0;
        }

        private static String describe(char c) {
            return c == 0 ? "the end" : c >= 32 && c < 127 ? "'" + c + "'" : String.format("character U+%04X", (int) c);
        }
    }
}
