package dev.nnl.compiler.diag;

import dev.nnl.compiler.source.Span;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A collector: every stage reports here and carries on, so one run shows every independent
 * mistake. Message texts come from {@link Code}, so the catalog is the one place they live.
 */
public final class Diagnostics {
    private final List<Diagnostic> items = new ArrayList<>();
    private int errors;

    /** Starts a diagnostic with the code's default severity and its formatted message. */
    public Builder report(Code code, Span span, Object... args) {
        return new Builder(code, span, code.format(args));
    }

    public void add(Diagnostic d) {
        items.add(d);
        if (d.isError()) {
            errors++;
        }
    }

    public List<Diagnostic> all() {
        return Collections.unmodifiableList(items);
    }

    public boolean hasErrors() {
        return errors > 0;
    }

    public int errorCount() {
        return errors;
    }

    public int size() {
        return items.size();
    }

    /** A diagnostic being built; nothing is recorded until {@link #emit()}. */
    public final class Builder {
        private final Code code;
        private final Span span;
        private final String message;
        private final List<Diagnostic.Related> related = new ArrayList<>();
        private String help;
        private Severity severity;

        private Builder(Code code, Span span, String message) {
            this.code = code;
            this.span = span;
            this.message = message;
            this.severity = code.severity();
        }

        public Builder help(String text) {
            this.help = text;
            return this;
        }

        public Builder help(String format, Object... args) {
            this.help = String.format(format, args);
            return this;
        }

        public Builder related(Span where, String text) {
            if (where != null) {
                related.add(new Diagnostic.Related(where, text));
            }
            return this;
        }

        public Builder severity(Severity s) {
            this.severity = s;
            return this;
        }

        public void emit() {
            add(new Diagnostic(severity, code, message, span, related, help));
        }
    }
}
