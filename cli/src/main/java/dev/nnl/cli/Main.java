package dev.nnl.cli;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** {@code nnlc}: one {@link CommandLine} for every subcommand, exit codes as documented. */
@Command(name = "nnlc", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Check, summarize, train and compile neural networks written in the .nnl language.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:ok (warnings allowed)", "1:errors in the input", "2:usage error", "3:I/O error", "4:internal error"})
public final class Main implements Runnable {
    /** The subcommands, in the order {@code nnlc --help} lists them. */
    static final List<Class<?>> SUBCOMMANDS = List.of(CheckCommand.class, SummaryCommand.class, DiffCommand.class, GraphCommand.class,
            ReportCommand.class, FmtCommand.class, CompileCommand.class, ImportCommand.class, ExportCommand.class,
            TrainCommand.class, EvalCommand.class, PredictCommand.class, LayersCommand.class, ExplainCommand.class,
            LspCommand.class, CommandLine.HelpCommand.class);

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
        CommandLine cl = commandLine(subcommandsFor(args));
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler(new UsageErrors(err));
        cl.setExecutionExceptionHandler(new Failures());
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

    /**
     * nnlc's command line with {@code subcommands}: what {@link #run} executes, and what {@link Docs}
     * writes the man pages and shell completion from (with all of {@link #SUBCOMMANDS}).
     */
    static CommandLine commandLine(List<Class<?>> subcommands) {
        CommandLine cl = new CommandLine(new Main());
        for (Class<?> sub : subcommands) {
            cl.addSubcommand(sub);
        }
        // `nnlc check --version` works like `nnlc --version`.
        cl.getSubcommands().values().forEach(sub -> sub.getCommandSpec().versionProvider(new Version()));
        Words.registerAll(cl);
        return cl;
    }

    /**
     * The subcommands {@code args} can reach. picocli builds each command's model from its
     * annotations by reflection, which for all fourteen was an eighth of {@code nnlc check}'s CPU
     * time (docs/performance.md); a command line that starts with a command's name needs only
     * that command. Anything else (options first, {@code help}, a misspelt name that picocli
     * should suggest a command for, nothing) gets them all.
     */
    static List<Class<?>> subcommandsFor(String[] args) {
        if (args.length > 0) {
            for (Class<?> sub : SUBCOMMANDS) {
                if (sub != CommandLine.HelpCommand.class && name(sub).equals(args[0])) {
                    return List.of(sub);
                }
            }
        }
        return SUBCOMMANDS;
    }

    /**
     * Usage errors: the message and where the help is. A class, not a lambda: the class-data
     * archive (cli/pom.xml) leaves out a Java 5 interface that a lambda of the archiving run
     * implements, and with picocli's IParameterExceptionHandler and ITypeConverter every one of
     * picocli's built-in converters, which each run then reads from the jar.
     */
    private static final class UsageErrors implements CommandLine.IParameterExceptionHandler {
        private final PrintWriter err;

        UsageErrors(PrintWriter err) {
            this.err = err;
        }

        @Override
        public int handleParseException(CommandLine.ParameterException ex, String[] args) {
            err.println("error: " + message(ex));
            // A word option's message lists the words already; other usage errors point at the help.
            if (!isWordOption(ex)) {
                err.println("try `" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help`");
            }
            return ExitCode.USAGE;
        }
    }

    /** A subcommand's name, from its {@code @Command} annotation. */
    static String name(Class<?> subcommand) {
        return subcommand.getAnnotation(Command.class).name();
    }

    /** picocli's message, but for a {@link Numbers} or {@link Words} option what it takes and what it got. */
    private static String message(CommandLine.ParameterException ex) {
        if (ex.getCause() instanceof Rejected r && ex.getArgSpec() instanceof CommandLine.Model.OptionSpec o) {
            return o.longestName() + " takes " + r.getMessage() + ", found `" + ex.getValue() + "`";
        }
        return ex.getMessage();
    }

    private static boolean isWordOption(CommandLine.ParameterException ex) {
        return ex.getCause() instanceof Rejected && ex.getArgSpec().type().isEnum();
    }
}
