package dev.nnl.lsp;

import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.jsonrpc.MessageConsumer;
import org.eclipse.lsp4j.jsonrpc.MessageProducer;
import org.eclipse.lsp4j.jsonrpc.RemoteEndpoint;
import org.eclipse.lsp4j.jsonrpc.ResponseErrorException;
import org.eclipse.lsp4j.jsonrpc.json.ConcurrentMessageProcessor;
import org.eclipse.lsp4j.jsonrpc.json.MessageJsonHandler;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseError;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseErrorCode;
import org.eclipse.lsp4j.launch.LSPLauncher;
import org.eclipse.lsp4j.services.LanguageClient;
import org.eclipse.lsp4j.services.LanguageServer;

/**
 * LSP4J's launcher with two changes: messages are read by {@link FrameReader}, which survives
 * a bad frame, and a failed request is answered without a Java stack trace in the error's
 * {@code data} (LSP4J's default puts one there, and logs it as SEVERE).
 */
final class Transport extends LSPLauncher.Builder<LanguageClient> {
    private final Consumer<String> log;
    private MessageJsonHandler json;
    private RemoteEndpoint endpoint;

    private Transport(Consumer<String> log) {
        this.log = log;
    }

    /** @param log receives one line per bad frame or failed request */
    static Launcher<LanguageClient> launcher(LanguageServer server, InputStream in, OutputStream out, Consumer<String> log) {
        Transport t = new Transport(log);
        t.setLocalService(server).setRemoteInterface(LanguageClient.class).setInput(in).setOutput(out)
                .setExceptionHandler(t::answer);
        return t.create();
    }

    @Override
    protected RemoteEndpoint createRemoteEndpoint(MessageJsonHandler jsonHandler) {
        json = jsonHandler;
        endpoint = super.createRemoteEndpoint(jsonHandler);
        return endpoint;
    }

    /** Launcher.Builder.create() makes a StreamMessageProducer first; ours takes its place unused. */
    @Override
    protected ConcurrentMessageProcessor createMessageProcessor(MessageProducer lsp4jReader, MessageConsumer consumer,
                                                                LanguageClient remoteProxy) {
        return super.createMessageProcessor(new FrameReader(input, json, endpoint, log), consumer, remoteProxy);
    }

    private ResponseError answer(Throwable thrown) {
        Throwable cause = thrown;
        while ((cause instanceof CompletionException || cause instanceof InvocationTargetException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof ResponseErrorException e) {
            return e.getResponseError();
        }
        log.accept("nnl lsp: internal error answering a request: " + cause);
        return new ResponseError(ResponseErrorCode.InternalError, "internal error in nnl: " + cause, null);
    }
}
