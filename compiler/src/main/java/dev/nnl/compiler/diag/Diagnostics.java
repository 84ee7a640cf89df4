package dev.nnl.compiler.diag;

import dev.nnl.compiler.source.SourceFile;
import dev.nnl.compiler.source.Span;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A collector: every stage reports here and carries on, so one run shows every independent
 * mistake. Message texts come from {@link Code}, so the catalog is the one place they live.
 *
 * <p>It also holds the one error limit, for the parser and the checker alike: past
 * {@link #MAX_ERRORS_PER_FILE} errors in a file the next becomes {@link Code#TOO_MANY_ERRORS}
 * and nothing more of that file is recorded, so garbage input stays fast and readable.
 */
public final class Diagnostics {
    /** Past this many errors in one file the rest is noise. */
    public static final int MAX_ERRORS_PER_FILE = 50;

    private final List<Diagnostic> items = new ArrayList<>();
    private int errors;
    private final Map<SourceFile, Integer> errorsByFile = new HashMap<>();
    private final Set<SourceFile> stopped = new HashSet<>();

    /** Starts a diagnostic with the code's default severity and its formatted message. */
    public Builder report(Code code, Span span, Object... args) {
        return new Builder(code, span, code.format(args));
    }

    public void add(Diagnostic d) {
        SourceFile file = d.span() == null ? null : d.span().file();
        if (file != null && stopped.contains(file)) {
            return;
        }
        if (d.isError() && file != null && errorsByFile.merge(file, 1, Integer::sum) > MAX_ERRORS_PER_FILE) {
            stopped.add(file);
            d = new Diagnostic(Severity.ERROR, Code.TOO_MANY_ERRORS, Code.TOO_MANY_ERRORS.format(MAX_ERRORS_PER_FILE),
                    d.span(), List.of(), null);
        }
        items.add(d);
        if (d.isError()) {
            errors++;
        }
    }

    /** Whether the file reached the error limit: checking it further would record nothing. */
    public boolean stopped(SourceFile file) {
        return stopped.contains(file);
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
