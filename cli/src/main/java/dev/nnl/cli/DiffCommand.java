package dev.nnl.cli;

import dev.nnl.compiler.Compilation;
import dev.nnl.compiler.Compiler;
import dev.nnl.compiler.diff.DiffJson;
import dev.nnl.compiler.diff.DiffMarkdown;
import dev.nnl.compiler.diff.DiffText;
import dev.nnl.compiler.diff.Differ;
import dev.nnl.compiler.diff.FileDiff;
import dev.nnl.compiler.source.SourceFile;
import dev.nnl.runtime.KerasImport;
import dev.nnl.runtime.NnlException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code nnlc diff}: what changed in the network between two versions of a file (the comparison is
 * the compiler's {@link Differ}); {@code --git} takes the old versions from a git revision.
 */
@Command(name = "diff", mixinStandardHelpOptions = true,
        description = "Compare two versions of a model: layers added, removed or changed, shapes, parameters, "
                + "graph, train block and diagnostics.")
public final class DiffCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", arity = "0..*",
            description = "OLD NEW (.nnl files, or Keras .h5/.keras and TF.js model.json files as nnlc import reads them; "
                    + "- reads standard input), or with --git: [REV] [FILE...].")
    List<String> args = new ArrayList<>();

    @Option(names = "--git", description = "Compare files with their version at REV (default HEAD), read with git; "
            + "without FILEs, every changed .nnl file under the current directory.")
    boolean git;

    @Option(names = "--model", paramLabel = "NAME", description = "Compare only this model.")
    String model;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text, markdown (for a pull-request comment) or json.")
    Format format;

    @Spec
    CommandSpec spec;

    /** The output forms. */
    enum Format {
        TEXT, MARKDOWN, JSON
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            List<String> failed = new ArrayList<>();
            List<FileDiff> diffs = git ? fromGit(failed) : List.of(fromFiles());
            if (git && diffs.isEmpty() && failed.isEmpty()) {
                err.println("no changed .nnl files under the current directory");
            }
            out.print(render(diffs));
            out.flush();
            failed.forEach(f -> err.println("error: " + f));
            err.flush();
            // A file that could not be compared must not pass for "no change" in a hook or CI job.
            return !failed.isEmpty() ? ExitCode.IO
                    : diffs.stream().anyMatch(FileDiff::changed) ? ExitCode.CHANGES : ExitCode.OK;
        } catch (Refusal r) {
            out.flush();
            err.println("error: " + r.getMessage());
            if (r.exitCode == ExitCode.USAGE) {
                err.println("try `nnlc diff --help`");
            }
            err.flush();
            return r.exitCode;
        }
    }

    private FileDiff fromFiles() throws Refusal {
        if (args.size() != 2) {
            throw new Refusal("diff takes OLD and NEW, or --git [REV] [FILE...] (found " + args.size()
                    + (args.size() == 1 ? " file)" : " files)"), ExitCode.USAGE);
        }
        if (args.get(0).equals("-") && args.get(1).equals("-")) {
            throw new Refusal("only one of OLD and NEW can be - (standard input)", ExitCode.USAGE);
        }
        Compilation old = compile(args.get(0), "<stdin>");
        Compilation neu = compile(args.get(1), "<stdin>");
        checkModel(old, neu);
        return Differ.diff(old, neu, model);
    }

    /**
     * One diff per file; a file that cannot be read (gone, unreadable, git failing on it) is
     * added to {@code failed} and the others are still compared. Usage errors stop the run.
     */
    private List<FileDiff> fromGit(List<String> failed) throws Refusal {
        List<String> files = new ArrayList<>(args);
        String rev = "HEAD";
        if (!files.isEmpty() && !files.get(0).endsWith(".nnl") && !Files.isRegularFile(Path.of(files.get(0)))) {
            rev = files.remove(0);
        }
        Path here = Path.of("").toAbsolutePath();
        try {
            if (files.isEmpty()) {
                GitFiles.checkRevision(here, rev);
                files = GitFiles.changed(here, rev);
            }
            List<FileDiff> out = new ArrayList<>();
            for (String f : files) {
                if (f.equals("-")) {
                    throw new Refusal("--git compares files with their committed versions; standard input has none", ExitCode.USAGE);
                }
                if (isKeras(f)) {
                    throw new Refusal("--git compares .nnl files; compare a Keras or TF.js file as OLD NEW", ExitCode.USAGE);
                }
                try {
                    out.add(gitDiff(f, rev));
                } catch (Refusal r) {
                    if (r.exitCode != ExitCode.IO) {
                        throw r;
                    }
                    failed.add(r.getMessage());
                } catch (GitFiles.GitException e) {
                    if (e.exitCode != ExitCode.IO) {
                        throw e;
                    }
                    failed.add(e.getMessage());
                }
            }
            return out;
        } catch (GitFiles.GitException e) {
            throw new Refusal(e.getMessage(), e.exitCode);
        }
    }

    /** FILE against its version at REV. */
    private FileDiff gitDiff(String f, String rev) throws Refusal, GitFiles.GitException {
        Path path = Path.of(f);
        Path dir = path.toAbsolutePath().getParent();
        if (!Files.isDirectory(dir)) {
            throw new Refusal(f + ": no such file", ExitCode.IO);
        }
        GitFiles.checkRevision(dir, rev);
        Compilation neu = compile(f, f);
        byte[] before = GitFiles.show(path, rev);
        String oldName = rev + ":" + f;
        if (before == null) {
            checkModel(null, neu);
            return Differ.created(oldName + " (new file)", neu, model);
        }
        Compilation old = Compiler.compile(SourceFile.decode(oldName, path, before));
        checkModel(old, neu);
        return Differ.diff(old, neu, model);
    }

    private static Compilation compile(String file, String stdinName) throws Refusal {
        if (isKeras(file)) {
            return imported(file);
        }
        try {
            return Compiler.compile(Sources.read(file, stdinName, System.in));
        } catch (Sources.SourceException e) {
            throw new Refusal(e.getMessage(), ExitCode.IO);
        }
    }

    /** A Keras or TF.js model file, which is compared as the nnl source {@code nnlc import} writes for it. */
    private static boolean isKeras(String file) {
        String f = file.toLowerCase(Locale.ROOT);
        return f.endsWith(".h5") || f.endsWith(".keras") || f.endsWith(".json");
    }

    private static Compilation imported(String file) throws Refusal {
        String stem = Path.of(file).getFileName().toString();
        try {
            KerasImport k = KerasImport.read(Path.of(file), null, stem.substring(0, stem.lastIndexOf('.')) + ".nnl");
            return Compiler.compile(SourceFile.of(file, k.source()));
        } catch (NnlException e) {
            // Not readable as a model at all: an I/O error, so that exit 1 keeps meaning "changes".
            throw new Refusal(e.getMessage(), ExitCode.IO);
        }
    }

    /** {@code --model} must name a model of at least one side. */
    private void checkModel(Compilation old, Compilation neu) throws Refusal {
        if (model == null || neu.modelNames().contains(model) || (old != null && old.modelNames().contains(model))) {
            return;
        }
        List<String> known = new ArrayList<>(neu.modelNames());
        if (old != null) {
            old.modelNames().stream().filter(n -> !known.contains(n)).forEach(known::add);
        }
        throw new Refusal("neither version has a model named `" + model + "`"
                + (known.isEmpty() ? "" : " (models: " + String.join(", ", known) + ")"), ExitCode.USAGE);
    }

    private String render(List<FileDiff> diffs) {
        if (format == Format.JSON) {
            if (!git) {
                return DiffJson.render(diffs.get(0), true);
            }
            return DiffJson.renderFiles(diffs);
        }
        List<String> parts = new ArrayList<>();
        for (FileDiff d : diffs) {
            parts.add(format == Format.MARKDOWN ? DiffMarkdown.render(d) : DiffText.render(d));
        }
        return String.join("\n", parts);
    }

    /** A usage or I/O problem: its message and exit code. */
    private static final class Refusal extends Exception {
        final int exitCode;

        Refusal(String message, int exitCode) {
            super(message);
            this.exitCode = exitCode;
        }
    }
}
