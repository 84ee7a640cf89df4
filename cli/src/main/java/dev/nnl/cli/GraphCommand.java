package dev.nnl.cli;

import dev.nnl.compiler.Compilation;
import dev.nnl.compiler.Compiler;
import dev.nnl.compiler.ModelSelection;
import dev.nnl.compiler.diag.Diagnostic;
import dev.nnl.compiler.diag.render.HumanRenderer;
import dev.nnl.compiler.diff.Differ;
import dev.nnl.compiler.diff.FileDiff;
import dev.nnl.compiler.source.SourceFile;
import dev.nnl.graph.Diagram;
import dev.nnl.graph.DiagramOptions;
import dev.nnl.graph.Diagrams;
import dev.nnl.graph.DiffDiagrams;
import dev.nnl.graph.DotWriter;
import dev.nnl.graph.SvgWriter;
import dev.nnl.runtime.NnlException;
import dev.nnl.runtime.OutputFiles;
import dev.nnl.runtime.TrainedModel;
import java.io.IOException;
import org.apache.batik.transcoder.TranscoderException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code nnlc graph}: a picture of a model, as Keras's {@code plot_model} draws it. A file with
 * errors still gets its picture (the layers checked so far, the failing one red) and exit 1.
 */
@Command(name = "graph", mixinStandardHelpOptions = true,
        description = "Draw a model as a diagram of its layers (SVG, PNG, or DOT for Graphviz).")
public final class GraphCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", arity = "1", description = "The .nnl file or a trained .nnlz.")
    String file;

    @Option(names = "--model", paramLabel = "NAME", description = "The model to draw (needed when the file has several).")
    String model;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT", description = "The picture: .svg, .png, .dot, or .html (the SVG in a page of its own) (default: the file's name with .svg).")
    Path output;

    @Option(names = "--diff", paramLabel = "OLD",
            description = "Draw FILE's changes since OLD (another .nnl file): added boxes green, changed orange, removed red and dashed.")
    String diffOld;

    @Option(names = "--shapes", description = "Label each edge with the shape of the tensor it carries.")
    boolean shapes;

    @Option(names = "--params", description = "Show each layer's parameter count.")
    boolean params;

    @Option(names = "--expand-blocks", description = "Draw each block call's layers inside a frame instead of one box per call.")
    boolean expandBlocks;

    @Option(names = "--direction", paramLabel = "TB|LR", defaultValue = "TB", description = "Top to bottom (TB, the default) or left to right (LR).")
    String direction;

    @Mixin
    DiagnosticOptions diagnosticOptions;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws NnlException {
        PrintWriter err = spec.commandLine().getErr();
        String bad = diagnosticOptions.validate();
        String dir = direction.toUpperCase(Locale.ROOT);
        if (bad == null && !dir.equals("TB") && !dir.equals("LR")) {
            bad = "--direction must be TB or LR, not " + direction;
        }
        Path target = output != null ? output : DefaultOutput.of(file, ".svg");
        String format = extension(target);
        if (bad == null && !List.of("svg", "dot", "png", "html").contains(format)) {
            bad = "-o must end in .svg, .png, .dot or .html, not " + target.getFileName();
        }
        if (bad == null && diffOld != null && (ExportedModel.isArtifact(file) || ExportedModel.isArtifact(diffOld))) {
            bad = "--diff compares two .nnl files, not a trained .nnlz";
        }
        if (bad != null) {
            err.println("error: " + bad);
            return ExitCode.USAGE;
        }
        OutputFiles.check(target, diffOld == null ? List.of(Path.of(file)) : List.of(Path.of(file), Path.of(diffOld)));
        DiagramOptions options = new DiagramOptions(shapes, params, expandBlocks, dir.equals("LR"));
        Compilation c;
        String name;
        int exit = ExitCode.OK;
        if (ExportedModel.isArtifact(file)) {
            TrainedModel trained = TrainedModel.load(Path.of(file));
            c = trained.compilation();
            name = trained.name();
        } else {
            SourceFile source;
            try {
                source = Sources.read(file, "<stdin>", System.in);
            } catch (Sources.SourceException e) {
                err.println("error: " + e.getMessage());
                return ExitCode.IO;
            }
            c = Compiler.compile(source);
            ModelSelection.Result chosen = ModelSelection.select(c, model);
            List<Diagnostic> diags = chosen.withProblem(diagnosticOptions.apply(c.diagnostics()));
            long errors = diags.stream().filter(Diagnostic::isError).count();
            boolean color = diagnosticOptions.useColor();
            err.print(new HumanRenderer(color).render(diags));
            if (errors > 0) {
                err.print(HumanRenderer.summaryLine((int) errors, (int) (diags.size() - errors), color));
                exit = ExitCode.INPUT;
            }
            err.flush();
            if (chosen.problem() != null && !c.modelNames().isEmpty()) {
                return ExitCode.INPUT;
            }
            name = model != null ? model : c.modelNames().isEmpty() ? null : c.modelNames().get(0);
        }
        Diagram diagram;
        if (diffOld != null) {
            Compilation old;
            try {
                old = Compiler.compile(Sources.read(diffOld, "<stdin>", System.in));
            } catch (Sources.SourceException e) {
                err.println("error: " + e.getMessage());
                return ExitCode.IO;
            }
            FileDiff d = Differ.diff(old, c, model);
            if (d.models().size() != 1) {
                err.println("error: " + (d.models().isEmpty() ? "neither file declares a model"
                        : "the files have several models; pick one with --model"));
                return ExitCode.USAGE;
            }
            diagram = DiffDiagrams.of(old, c, d.models().get(0), options);
        } else {
            diagram = Diagrams.of(c, name, options);
        }
        String text = format.equals("dot") ? DotWriter.write(diagram, options) : SvgWriter.write(diagram, options);
        try {
            OutputFiles.write(target, switch (format) {
                case "png" -> Png.of(text);
                case "html" -> page(name == null ? Path.of(file).getFileName().toString() : name, text).getBytes(StandardCharsets.UTF_8);
                default -> text.getBytes(StandardCharsets.UTF_8);
            });
        } catch (IOException | TranscoderException e) {
            throw Failures.cannotWrite(target, e);
        }
        err.println("wrote " + target + " (" + diagram.boxes().size() + " boxes" + (exit == ExitCode.OK ? "" : ", with errors") + ")");
        err.flush();
        return exit;
    }

    /** The SVG in a page of its own, which any browser opens offline (no scripts, no links). */
    private static String page(String title, String svg) {
        String t = title.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" + t + "</title>\n"
                + "<style>body{margin:24px;font-family:sans-serif;background:#fff}h1{font-size:18px}</style>\n</head>\n<body>\n<h1>"
                + t + "</h1>\n" + svg.replaceFirst("^<\\?xml[^>]*>\\s*", "") + "\n</body>\n</html>\n";
    }

    private static String extension(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot < 0 ? "" : n.substring(dot + 1).toLowerCase(Locale.ROOT);
    }
}
