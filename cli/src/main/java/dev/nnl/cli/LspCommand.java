package dev.nnl.cli;

import dev.nnl.lsp.NnlLanguageServer;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * {@code nnlc lsp}: the language server on stdin/stdout, started by an editor. Standard output
 * belongs to the protocol, so everything else that might print goes to standard error.
 */
@Command(name = "lsp", mixinStandardHelpOptions = true,
        description = {"Run the language server (Language Server Protocol over stdin/stdout) for editors.",
                "Editors start it themselves; see docs/editors.md."})
public final class LspCommand implements Callable<Integer> {
    @Override
    public Integer call() throws Exception {
        InputStream in = new FileInputStream(FileDescriptor.in);
        OutputStream out = new FileOutputStream(FileDescriptor.out);
        // A stray println anywhere would corrupt the JSON-RPC stream: send it to stderr instead.
        System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.err), true));
        return NnlLanguageServer.serve(in, out, new Version().getVersion()[0].replace("nnlc ", ""));
    }
}
