package dev.nnl.lsp;

import dev.nnl.compiler.ast.Decl;
import dev.nnl.compiler.check.Checker;
import dev.nnl.compiler.diag.Code;
import dev.nnl.compiler.diag.Severity;
import dev.nnl.compiler.source.Span;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DiagnosticRelatedInformation;
import org.eclipse.lsp4j.DiagnosticSeverity;
import org.eclipse.lsp4j.DiagnosticTag;
import org.eclipse.lsp4j.Range;

/** The compiler's diagnostics as LSP ones: same codes, messages and help as {@code nnlc check}. */
final class LspDiagnostics {
    static final String SOURCE = "nnl";

    private LspDiagnostics() {
    }

    static List<Diagnostic> of(Analysis a) {
        List<Diagnostic> out = new ArrayList<>();
        for (dev.nnl.compiler.diag.Diagnostic d : a.compilation().diagnostics()) {
            out.add(convert(a, d));
        }
        return out;
    }

    private static Diagnostic convert(Analysis a, dev.nnl.compiler.diag.Diagnostic d) {
        String message = d.message();
        Range range;
        if (a.inThisFile(d.span())) {
            range = Analysis.range(d.span());
        } else {
            // A problem inside an imported file is shown on the import that brings it in: the
            // editor publishes diagnostics per open document, and this one is what the user has open.
            range = importRange(a, d.span());
            dev.nnl.compiler.source.Position p = d.span().startPosition();
            message = d.span().file().name() + ":" + (p.line() + 1) + ":" + (p.character() + 1) + ": " + message;
        }
        if (d.help() != null) {
            message += "\nhelp: " + d.help();
        }
        Diagnostic out = new Diagnostic(range, message, severity(d.severity()), SOURCE, d.code().id());
        List<DiagnosticRelatedInformation> related = new ArrayList<>();
        for (dev.nnl.compiler.diag.Diagnostic.Related r : d.related()) {
            related.add(new DiagnosticRelatedInformation(a.location(r.span()), r.message()));
        }
        if (!related.isEmpty()) {
            out.setRelatedInformation(related);
        }
        if (d.code() == Code.UNUSED_NAME || d.code() == Code.DEAD_LAYER) {
            out.setTags(List.of(DiagnosticTag.Unnecessary));
        } else if (d.code() == Code.DEPRECATED_ARGUMENT) {
            out.setTags(List.of(DiagnosticTag.Deprecated));
        }
        return out;
    }

    private static Range importRange(Analysis a, Span inOther) {
        Decl.Import first = null;
        for (Decl decl : a.compilation().facts().ast().decls()) {
            if (decl instanceof Decl.Import imp) {
                if (first == null) {
                    first = imp;
                }
                if (inOther.file().path() != null && a.source().path() != null) {
                    java.nio.file.Path target = Checker.importTarget(a.source(), imp.path().value());
                    if (target.equals(inOther.file().path().toAbsolutePath().normalize())) {
                        return Analysis.range(imp.span());
                    }
                }
            }
        }
        return first != null ? Analysis.range(first.span()) : new Range(Analysis.position(a.source(), 0), Analysis.position(a.source(), 0));
    }

    private static DiagnosticSeverity severity(Severity s) {
        return switch (s) {
            case ERROR -> DiagnosticSeverity.Error;
            case WARNING -> DiagnosticSeverity.Warning;
            case INFO -> DiagnosticSeverity.Information;
        };
    }
}
