package dev.nnl.cli;

import picocli.CommandLine.TypeConversionException;

/**
 * An option value that {@link Numbers} or {@link Words} does not take; the message says what the
 * option takes ("a positive whole number", "text or json"), and Main's parameter exception
 * handler adds the option's name and the value found.
 */
final class Rejected extends TypeConversionException {
    private static final long serialVersionUID = 1L;

    Rejected(String takes) {
        super(takes);
    }
}
