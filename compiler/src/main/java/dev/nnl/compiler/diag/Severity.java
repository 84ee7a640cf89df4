package dev.nnl.compiler.diag;

import java.util.Locale;

public enum Severity {
    ERROR, WARNING, INFO;

    /** The word used in every output format: {@code error}, {@code warning}, {@code info}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
