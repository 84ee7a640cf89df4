package dev.nnl.cli;

import dev.nnl.runtime.NnlException;
import dev.nnl.runtime.OutputFiles;
import dev.nnl.runtime.TrainedModel;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code nnlc report}: the HTML training report of a saved model (docs/pictures.md). */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Write a trained model's HTML report: its picture, loss and metric curves, epochs, confusion matrix, "
                + "settings and summary.")
public final class ReportCommand implements Callable<Integer> {
    @Parameters(paramLabel = "MODEL.nnlz", arity = "1", description = "The trained model.")
    Path file;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT.html", description = "The report (default: the model's name with .html).")
    Path output;

    @Option(names = "--data", paramLabel = "PATH", description = "Count the confusion matrix on all of this data "
            + "(default: the held-out data of the train block, as nnlc eval chooses it).")
    String data;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws NnlException {
        PrintWriter err = spec.commandLine().getErr();
        Path target = output != null ? output : DefaultOutput.of(file.toString(), ".html");
        OutputFiles.check(target, data == null ? List.of(file) : List.of(file, Path.of(data)));
        TrainedModel model = TrainedModel.load(file);
        try {
            OutputFiles.write(target, Report.page(model, data).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw Failures.cannotWrite(target, e);
        }
        err.println("wrote " + target);
        err.flush();
        return ExitCode.OK;
    }
}
