package dev.nnl.lsp;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import org.eclipse.lsp4j.CompletionOptions;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializeResult;
import org.eclipse.lsp4j.InitializedParams;
import org.eclipse.lsp4j.ServerCapabilities;
import org.eclipse.lsp4j.ServerInfo;
import org.eclipse.lsp4j.TextDocumentSyncKind;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.jsonrpc.services.JsonRequest;
import org.eclipse.lsp4j.services.LanguageClient;
import org.eclipse.lsp4j.services.LanguageClientAware;
import org.eclipse.lsp4j.services.LanguageServer;
import org.eclipse.lsp4j.services.TextDocumentService;
import org.eclipse.lsp4j.services.WorkspaceService;

/** {@code nnlc lsp}: the language server, one per editor session, over stdio. */
public final class NnlLanguageServer implements LanguageServer, LanguageClientAware {
    /** How long typing must pause before a document is re-checked (initializationOptions.debounceMs). */
    static final long DEFAULT_DEBOUNCE_MS = 100;

    private final DocumentService documents = new DocumentService();
    private final WorkspaceService workspace = new Workspace(documents);
    private final String version;
    private volatile boolean shutdown;
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();

    public NnlLanguageServer(String version) {
        this.version = version;
    }

    /**
     * Serves one client on the given streams until it sends {@code exit} or closes them; returns
     * the process exit code the protocol asks for (0 after {@code shutdown}, 1 otherwise).
     */
    public static int serve(InputStream in, OutputStream out, String version) throws InterruptedException {
        return serve(in, out, version, System.err::println);
    }

    /** @param log receives one line per bad message from the client (standard error, for {@code nnlc lsp}) */
    static int serve(InputStream in, OutputStream out, String version, Consumer<String> log) throws InterruptedException {
        NnlLanguageServer server = new NnlLanguageServer(version);
        Launcher<LanguageClient> launcher = Transport.launcher(server, in, out, log);
        server.connect(launcher.getRemoteProxy());
        java.util.concurrent.Future<Void> listening = launcher.startListening();
        CompletableFuture.runAsync(() -> {
            try {
                listening.get();
            } catch (InterruptedException | ExecutionException | java.util.concurrent.CancellationException e) {
                // The stream ended badly: the client is gone either way.
            }
            server.exit.complete(server.shutdown ? 0 : 1);
        });
        try {
            return server.exit.get();
        } catch (ExecutionException e) {
            return 1;
        } finally {
            server.documents.close();
        }
    }

    @Override
    public void connect(LanguageClient client) {
        documents.connect(client);
    }

    @Override
    public CompletableFuture<InitializeResult> initialize(InitializeParams params) {
        documents.configure(debounce(params.getInitializationOptions()), snippets(params));
        ServerCapabilities caps = new ServerCapabilities();
        caps.setTextDocumentSync(TextDocumentSyncKind.Full);
        caps.setHoverProvider(true);
        CompletionOptions completion = new CompletionOptions(false, List.of("(", ",", "=", ">", "["));
        caps.setCompletionProvider(completion);
        caps.setDefinitionProvider(true);
        caps.setDocumentSymbolProvider(true);
        caps.setInlayHintProvider(true);
        caps.setDocumentFormattingProvider(true);
        return CompletableFuture.completedFuture(new InitializeResult(caps, new ServerInfo("nnlc lsp", version)));
    }

    private static long debounce(Object options) {
        if (options instanceof JsonObject o && o.has("debounceMs")) {
            JsonElement e = o.get("debounceMs");
            if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber()) {
                return Math.max(0, e.getAsLong());
            }
        }
        return DEFAULT_DEBOUNCE_MS;
    }

    private static boolean snippets(InitializeParams p) {
        try {
            Boolean b = p.getCapabilities().getTextDocument().getCompletion().getCompletionItem().getSnippetSupport();
            return b != null && b;
        } catch (NullPointerException absent) {
            return false;
        }
    }

    @Override
    public void initialized(InitializedParams params) {
    }

    @Override
    public CompletableFuture<Object> shutdown() {
        shutdown = true;
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void exit() {
        exit.complete(shutdown ? 0 : 1);
    }

    /** nnl's own request: the SVG picture of an open document's model, as {@code nnlc graph} draws it. */
    @JsonRequest("nnl/graph")
    public CompletableFuture<Graphs.Result> graph(Graphs.Params params) {
        return documents.graph(params);
    }

    @Override
    public TextDocumentService getTextDocumentService() {
        return documents;
    }

    @Override
    public WorkspaceService getWorkspaceService() {
        return workspace;
    }

    /** A changed file on disk may be imported by an open document: check them all again. */
    private record Workspace(DocumentService documents) implements WorkspaceService {
        @Override
        public void didChangeConfiguration(org.eclipse.lsp4j.DidChangeConfigurationParams params) {
        }

        @Override
        public void didChangeWatchedFiles(org.eclipse.lsp4j.DidChangeWatchedFilesParams params) {
            documents.recheckAll();
        }
    }
}
