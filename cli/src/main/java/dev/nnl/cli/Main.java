package dev.nnl.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** {@code nnlc}: one {@link CommandLine} for every subcommand, exit codes as documented. */
@Command(name = "nnlc", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Check, summarize, train and compile neural networks written in the .nnl language.",
        subcommands = {CheckCommand.class, SummaryCommand.class, FmtCommand.class, CompileCommand.class, TrainCommand.class, EvalCommand.class, PredictCommand.class, LayersCommand.class, ExplainCommand.class, LspCommand.class,
                CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:ok (warnings allowed)", "1:errors in the input", "2:usage error", "3:I/O error", "4:internal error"})
public final class Main implements Runnable {
    @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "Show stack traces of internal errors.")
    boolean verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command");
    }

    public static void main(String[] args) {
        // Standard output carries data (the source `fmt -` formats, JSON, CSV), which is UTF-8
        // whatever the locale: under LANG=C the default encoding would turn non-ASCII into `?`.
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        System.exit(run(args, out, new PrintWriter(System.err, true)));
    }

    /** Runs nnlc with the given streams; tests call this directly. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Main());
        // `nnlc check --version` works like `nnlc --version`.
        cl.getSubcommands().values().forEach(sub -> sub.getCommandSpec().versionProvider(new Version()));
        cl.setOut(out);
        cl.setErr(err);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setParameterExceptionHandler((ex, a) -> {
            err.println("error: " + message(ex));
            CommandLine c = ex.getCommandLine();
            err.println("try `" + c.getCommandSpec().qualifiedName() + " --help`");
            return ExitCode.USAGE;
        });
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            boolean verbose = parsed.hasMatchedOption("--verbose")
                    || parsed.subcommands().stream().anyMatch(p -> p.hasMatchedOption("--verbose"));
            err.println("internal error: " + ex);
            if (verbose) {
                ex.printStackTrace(err);
            } else {
                err.println("this is a bug in nnl; run again with --verbose for the stack trace and report it");
            }
            return ExitCode.INTERNAL;
        });
        int code;
        try {
            code = cl.execute(args);
        } catch (OutOfMemoryError e) {
            // Not a bug and not a stack trace: the data or model outgrew the JVM's heap. Whatever
            // training saved before (after each epoch, atomically) is still there.
            err.println("error: out of memory (" + e.getMessage() + "): the data and model need more than the "
                    + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB the JVM may use; give it more, e.g. "
                    + "JAVA_TOOL_OPTIONS=-Xmx8g, or train on less data or a smaller batch");
            code = ExitCode.INPUT;
        }
        out.flush();
        err.flush();
        return code;
    }

    /** picocli's message, but for a numeric option ({@link Numbers}) what it takes and what it got. */
    private static String message(CommandLine.ParameterException ex) {
        if (ex.getCause() instanceof Numbers.Rejected r && ex.getArgSpec() instanceof CommandLine.Model.OptionSpec o) {
            return o.longestName() + " takes " + r.getMessage() + ", found `" + ex.getValue() + "`";
        }
        return ex.getMessage();
    }

    /** Reads the version Maven filtered into the jar. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties p = new Properties();
            try (InputStream in = Main.class.getResourceAsStream("/nnl-version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            }
            return new String[] {"nnlc " + p.getProperty("version", "unknown")};
        }
    }
}
