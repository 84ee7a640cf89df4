package dev.nnl.cli;

/** {@code --color WHEN}: colour the human diagnostics always, never, or only on a terminal. */
enum Color {
    AUTO, ALWAYS, NEVER;

    /** Whether to colour on this run; AUTO honours NO_COLOR and a dumb or missing terminal. */
    boolean use() {
        if (this == ALWAYS) {
            return true;
        }
        if (this == NEVER || System.getenv("NO_COLOR") != null) {
            return false;
        }
        String term = System.getenv("TERM");
        return System.console() != null && term != null && !term.equals("dumb");
    }
}
