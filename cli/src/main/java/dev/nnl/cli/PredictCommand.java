package dev.nnl.cli;

import com.google.gson.Gson;
import dev.nnl.runtime.TrainedModel;
import dev.nnl.runtime.NnlException;
import dev.nnl.runtime.data.DataSources;
import dev.nnl.runtime.data.Dataset;
import dev.nnl.runtime.data.Loaded;
import dev.nnl.runtime.data.PredictInput;
import dev.nnl.runtime.io.AtomicFiles;
import dev.nnl.runtime.io.OutputPath;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code nnlc predict}: run a trained model on new inputs. */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = "Predict with a trained model. INPUT is a .csv (feature columns), .npy, IDX file or directory, "
                + "or text lines for text models. Writes CSV (default) or JSON lines.")
public final class PredictCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "MODEL", description = "The .nnlz file written by `nnlc train`.")
    Path artifact;

    @Parameters(index = "1", paramLabel = "INPUT", description = "The inputs to predict on.")
    Path input;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "csv", description = "csv or json (one object per line).")
    String format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write here instead of standard output.")
    Path output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        String bad = Choices.problem("--format", format, "csv", "json");
        if (bad != null) {
            err.println("error: " + bad);
            return ExitCode.USAGE;
        }
        try {
            OutputPath.check(output, List.of(artifact, input));
            TrainedModel m = TrainedModel.load(artifact);
            Loaded in = PredictInput.read(input, m.preprocessing());
            RuntimeErrors.warn(in.warnings(), err);
            String loss = m.trainConfig() == null ? "" : m.trainConfig().loss().name();
            Dataset d = DataSources.fit(in, m.model(), loss, input.toString());
            float[][] y = m.predict(d, Math.max(1, m.artifact().meta.batchSize));
            List<String> names = m.preprocessing() == null ? List.of() : m.preprocessing().labelNames();
            boolean classes = loss.endsWith("categorical_crossentropy");
            boolean binary = loss.equals("binary_crossentropy") && y.length > 0 && y[0].length == 1;
            StringBuilder sb = new StringBuilder();
            if (format.equals("csv")) {
                sb.append(header(classes || binary, y.length == 0 ? 0 : y[0].length, names)).append('\n');
            }
            Gson gson = new Gson();
            for (float[] row : y) {
                String label = classes ? name(argmax(row), names) : binary ? name(row[0] > 0.5 ? 1 : 0, names) : null;
                if (format.equals("csv")) {
                    List<String> cells = new ArrayList<>();
                    if (label != null) {
                        cells.add(label);
                    }
                    for (float v : row) {
                        cells.add(String.format(Locale.ROOT, "%.6g", v));
                    }
                    sb.append(String.join(",", cells)).append('\n');
                } else {
                    Map<String, Object> o = new LinkedHashMap<>();
                    if (label != null) {
                        o.put("prediction", label);
                    }
                    o.put(classes || binary ? "probabilities" : "output", row);
                    sb.append(gson.toJson(o)).append('\n');
                }
            }
            if (output != null) {
                AtomicFiles.write(output, sb.toString().getBytes(StandardCharsets.UTF_8));
            } else {
                Writer out = spec.commandLine().getOut();
                out.write(sb.toString());
                out.flush();
            }
            return ExitCode.OK;
        } catch (NnlException e) {
            return RuntimeErrors.report(e, err);
        } catch (IOException e) {
            err.println("error: cannot write " + output + ": " + e.getMessage());
            return ExitCode.IO;
        }
    }

    private static String header(boolean labelled, int width, List<String> names) {
        List<String> cols = new ArrayList<>();
        if (labelled) {
            cols.add("prediction");
        }
        for (int i = 0; i < width; i++) {
            cols.add(labelled ? "p_" + name(width == 1 ? 1 : i, names) : "y_" + i);
        }
        return String.join(",", cols);
    }

    private static String name(int id, List<String> names) {
        return id < names.size() ? names.get(id) : Integer.toString(id);
    }

    private static int argmax(float[] row) {
        int best = 0;
        for (int i = 1; i < row.length; i++) {
            if (row[i] > row[best]) {
                best = i;
            }
        }
        return best;
    }
}
