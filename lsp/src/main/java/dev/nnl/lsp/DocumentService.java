package dev.nnl.lsp;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.CompletionList;
import org.eclipse.lsp4j.CompletionParams;
import org.eclipse.lsp4j.DefinitionParams;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DiagnosticSeverity;
import org.eclipse.lsp4j.DidChangeTextDocumentParams;
import org.eclipse.lsp4j.DidCloseTextDocumentParams;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.DidSaveTextDocumentParams;
import org.eclipse.lsp4j.DocumentFormattingParams;
import org.eclipse.lsp4j.DocumentSymbol;
import org.eclipse.lsp4j.DocumentSymbolParams;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.InlayHint;
import org.eclipse.lsp4j.InlayHintParams;
import org.eclipse.lsp4j.Location;
import org.eclipse.lsp4j.LocationLink;
import org.eclipse.lsp4j.MessageParams;
import org.eclipse.lsp4j.MessageType;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.SymbolInformation;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.lsp4j.jsonrpc.ResponseErrorException;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseError;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseErrorCode;
import org.eclipse.lsp4j.services.LanguageClient;
import org.eclipse.lsp4j.services.TextDocumentService;

/**
 * Open documents and everything asked about them. One worker thread does all checking and
 * answering, so requests see documents in the order edits arrived and never race a check.
 * A failure while answering is logged to the client and answered with "nothing": a bug in one
 * feature must not take the editor's diagnostics down with it.
 */
final class DocumentService implements TextDocumentService {
    private record Doc(int version, String text) {
    }

    private final Map<String, Doc> docs = new ConcurrentHashMap<>();
    private final Map<String, Analysis> analyses = new ConcurrentHashMap<>();
    private final Map<String, ScheduledFuture<?>> pending = new ConcurrentHashMap<>();
    /**
     * The syntax trees of deeply nested (usually broken) text are deep; the worker walks them
     * recursively, so it gets a stack as large as the compiler's own (reserved, not committed).
     */
    static final long WORKER_STACK_BYTES = 512L * 1024 * 1024;

    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(null, r, "nnl-lsp-worker", WORKER_STACK_BYTES);
        t.setDaemon(true);
        return t;
    });
    private volatile LanguageClient client;
    private volatile long debounceMs = NnlLanguageServer.DEFAULT_DEBOUNCE_MS;
    private volatile boolean snippets;

    void connect(LanguageClient client) {
        this.client = client;
    }

    void configure(long debounceMs, boolean snippets) {
        this.debounceMs = debounceMs;
        this.snippets = snippets;
    }

    void close() {
        worker.shutdownNow();
    }

    // ---- document sync ----

    @Override
    public void didOpen(DidOpenTextDocumentParams params) {
        if (params.getTextDocument() == null || params.getTextDocument().getUri() == null
                || params.getTextDocument().getText() == null) {
            return;  // nothing to check; a notification has no answer to carry an error
        }
        String uri = params.getTextDocument().getUri();
        docs.put(uri, new Doc(params.getTextDocument().getVersion(), params.getTextDocument().getText()));
        schedule(uri, 0);
    }

    @Override
    public void didChange(DidChangeTextDocumentParams params) {
        List<TextDocumentContentChangeEvent> changes = params.getContentChanges();
        if (params.getTextDocument() == null || params.getTextDocument().getUri() == null || changes == null
                || changes.isEmpty() || changes.get(changes.size() - 1).getText() == null) {
            return;
        }
        String uri = params.getTextDocument().getUri();
        // Full sync: the last change holds the whole text.
        docs.put(uri, new Doc(params.getTextDocument().getVersion(), changes.get(changes.size() - 1).getText()));
        schedule(uri, debounceMs);
    }

    @Override
    public void didClose(DidCloseTextDocumentParams params) {
        if (params.getTextDocument() == null || params.getTextDocument().getUri() == null) {
            return;
        }
        String uri = params.getTextDocument().getUri();
        docs.remove(uri);
        analyses.remove(uri);
        ScheduledFuture<?> f = pending.remove(uri);
        if (f != null) {
            f.cancel(false);
        }
        LanguageClient c = client;
        if (c != null) {
            c.publishDiagnostics(new PublishDiagnosticsParams(uri, List.of()));
        }
    }

    @Override
    public void didSave(DidSaveTextDocumentParams params) {
        // Another open file may import the one just saved: check them all again.
        recheckAll();
    }

    void recheckAll() {
        for (String uri : docs.keySet()) {
            analyses.remove(uri);
            schedule(uri, 0);
        }
    }

    private void schedule(String uri, long delayMs) {
        ScheduledFuture<?> previous = pending.put(uri, worker.schedule(() -> publish(uri), delayMs, TimeUnit.MILLISECONDS));
        if (previous != null) {
            previous.cancel(false);
        }
    }

    private void publish(String uri) {
        LanguageClient c = client;
        Doc doc = docs.get(uri);
        if (c == null || doc == null) {
            return;
        }
        List<Diagnostic> diagnostics;
        try {
            Analysis a = current(uri);
            diagnostics = a == null ? List.of() : LspDiagnostics.of(a);
        } catch (RuntimeException | StackOverflowError e) {
            log(e);
            Diagnostic d = new Diagnostic(new Range(new Position(0, 0), new Position(0, 0)),
                    "internal error in nnl while checking this file: " + e + " (the rest of the editor keeps working; please report it)",
                    DiagnosticSeverity.Error, LspDiagnostics.SOURCE);
            diagnostics = List.of(d);
        }
        c.publishDiagnostics(new PublishDiagnosticsParams(uri, diagnostics, doc.version()));
    }

    /** The analysis of the document's latest text, made now if the last one is stale. Worker thread only. */
    private Analysis current(String uri) {
        Doc doc = docs.get(uri);
        if (doc == null) {
            return null;
        }
        Analysis a = analyses.get(uri);
        if (a != null && a.version() == doc.version() && a.source().text().equals(doc.text())) {
            return a;
        }
        a = Analysis.of(uri, doc.version(), doc.text());
        analyses.put(uri, a);
        return a;
    }

    // ---- features ----

    private <T> CompletableFuture<T> answer(String uri, T nothing, java.util.function.Function<Analysis, T> feature) {
        return CompletableFuture.supplyAsync(guarded(() -> {
            Analysis a = current(uri);
            return a == null ? nothing : feature.apply(a);
        }, nothing), worker);
    }

    private <T> Supplier<T> guarded(Supplier<T> s, T nothing) {
        return () -> {
            try {
                T result = s.get();
                return result == null ? nothing : result;
            } catch (RuntimeException | StackOverflowError e) {
                log(e);
                return nothing;
            }
        };
    }

    @Override
    public CompletableFuture<Hover> hover(HoverParams params) {
        String uri = uri(params.getTextDocument());
        Position at = position(params.getPosition());
        return answer(uri, null, a -> Hovers.hover(a, a.offset(at)));
    }

    @Override
    public CompletableFuture<Either<List<CompletionItem>, CompletionList>> completion(CompletionParams params) {
        String uri = uri(params.getTextDocument());
        Position at = position(params.getPosition());
        return answer(uri, Either.forRight(new CompletionList(List.of())),
                a -> Either.forRight(Completions.complete(a, a.offset(at), snippets)));
    }

    @Override
    public CompletableFuture<Either<List<? extends Location>, List<? extends LocationLink>>> definition(DefinitionParams params) {
        String uri = uri(params.getTextDocument());
        Position at = position(params.getPosition());
        return answer(uri, Either.forLeft(List.of()),
                a -> Either.forLeft(Definitions.definition(a, a.offset(at))));
    }

    @Override
    public CompletableFuture<List<Either<SymbolInformation, DocumentSymbol>>> documentSymbol(DocumentSymbolParams params) {
        return answer(uri(params.getTextDocument()), List.of(),
                a -> Symbols.of(a).stream().map(Either::<SymbolInformation, DocumentSymbol>forRight).toList());
    }

    @Override
    public CompletableFuture<List<InlayHint>> inlayHint(InlayHintParams params) {
        Range range = params.getRange();
        if (range == null || range.getStart() == null || range.getEnd() == null) {
            throw invalidParams("the request has no range");
        }
        return answer(uri(params.getTextDocument()), List.of(), a -> InlayHints.of(a, range));
    }

    /** {@code nnl/graph}: the model's picture as SVG (docs/editors.md); null for a document that is not open. */
    CompletableFuture<Graphs.Result> graph(Graphs.Params params) {
        if (params == null) {
            throw invalidParams("the request has no params");
        }
        return answer(uri(params.textDocument), null, a -> Graphs.of(a, params));
    }

    @Override
    public CompletableFuture<List<? extends TextEdit>> formatting(DocumentFormattingParams params) {
        return answer(uri(params.getTextDocument()), List.of(), Formatting::edits);
    }

    /**
     * The document a request is about. A request without one is the client's mistake: it gets an
     * "invalid params" answer, not an internal error with a stack trace.
     */
    private static String uri(TextDocumentIdentifier document) {
        if (document == null || document.getUri() == null) {
            throw invalidParams("the request has no textDocument");
        }
        return document.getUri();
    }

    private static Position position(Position p) {
        if (p == null) {
            throw invalidParams("the request has no position");
        }
        return p;
    }

    private static ResponseErrorException invalidParams(String message) {
        return new ResponseErrorException(new ResponseError(ResponseErrorCode.InvalidParams, message, null));
    }

    private void log(Throwable e) {
        LanguageClient c = client;
        if (c == null) {
            return;
        }
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        c.logMessage(new MessageParams(MessageType.Error, "nnl: internal error (please report it): " + trace));
    }
}
