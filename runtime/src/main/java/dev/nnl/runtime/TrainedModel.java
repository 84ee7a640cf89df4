package dev.nnl.runtime;

import dev.nnl.compiler.Compilation;
import dev.nnl.compiler.diag.Diagnostic;
import dev.nnl.compiler.ir.ModelIR;
import dev.nnl.compiler.source.SourceFile;
import dev.nnl.compiler.train.TrainConfig;
import dev.nnl.runtime.artifact.Artifact;
import dev.nnl.runtime.artifact.ArtifactException;
import dev.nnl.runtime.data.Dataset;
import dev.nnl.runtime.data.Preprocessing;
import dev.nnl.runtime.kernels.RunContext;
import dev.nnl.runtime.plan.ParamStore;
import dev.nnl.runtime.plan.Plan;
import dev.nnl.runtime.plan.Tensor;
import dev.nnl.runtime.train.Trainer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * A model loaded from an {@code .nnlz} artifact: its source is compiled again (so the artifact
 * never depends on Java class layouts) and its weights are loaded into a fresh plan.
 */
public final class TrainedModel {
    private final Artifact artifact;
    private final Compilation compilation;
    private final ModelIR model;
    private final Plan plan;

    private TrainedModel(Artifact artifact, Compilation compilation, ModelIR model, Plan plan) {
        this.artifact = artifact;
        this.compilation = compilation;
        this.model = model;
        this.plan = plan;
    }

    public static TrainedModel load(Path file) throws ArtifactException {
        Artifact a = Artifact.load(file);
        Compilation c = compileSources(a, file);
        ModelIR m = c.models().get(a.meta.model);
        if (m == null) {
            throw new ArtifactException(file + ": the saved source no longer defines a valid model `" + a.meta.model + "`", false);
        }
        Plan plan = new Plan(m, DataType.FLOAT);
        checkLayout(plan, a, file);
        loadWeights(plan, a);
        return new TrainedModel(a, c, m, plan);
    }

    /** Compiles the saved sources from a private directory, so imports resolve as they did. */
    private static Compilation compileSources(Artifact a, Path file) throws ArtifactException {
        try {
            Path dir = Files.createTempDirectory("nnlz");
            try {
                for (Map.Entry<String, String> s : a.sources.entrySet()) {
                    Path p = dir.resolve(s.getKey()).normalize();
                    if (!p.startsWith(dir)) {
                        throw new ArtifactException(file + ": corrupt model file (source path `" + s.getKey() + "` leaves its folder)", false);
                    }
                    Files.createDirectories(p.getParent());
                    Files.writeString(p, s.getValue(), StandardCharsets.UTF_8);
                }
                Path main = dir.resolve(a.meta.sourceFile);
                SourceFile src = SourceFile.decode(a.meta.sourceFile, main, Files.readAllBytes(main));
                Compilation c = dev.nnl.compiler.Compiler.compile(src);
                if (c.hasErrors()) {
                    Diagnostic first = c.diagnostics().stream().filter(Diagnostic::isError).findFirst().orElseThrow();
                    throw new ArtifactException(file + ": the saved source does not compile with this nnlc: " + first.message(), false);
                }
                return c;
            } finally {
                try (var walk = Files.walk(dir)) {
                    for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        } catch (IOException e) {
            throw new ArtifactException(file + ": cannot unpack (" + e.getMessage() + ")", true);
        }
    }

    /** The artifact's weights must be exactly the model's: same layers, names and shapes, in order. */
    static void checkLayout(Plan plan, Artifact a, Path file) throws ArtifactException {
        List<ParamStore.Slot> slots = plan.store().slots();
        boolean same = slots.size() == a.meta.weights.size();
        for (int i = 0; same && i < slots.size(); i++) {
            ParamStore.Slot s = slots.get(i);
            Artifact.WeightEntry w = a.meta.weights.get(i);
            same = s.layer().equals(w.layer()) && s.weight().name().equals(w.name()) && Arrays.equals(s.weight().shape().dims(), w.shape());
        }
        if (!same) {
            throw new ArtifactException(file + ": its weights do not match model `" + plan.model().name()
                    + "` (the model's layers or shapes changed since it was saved)", false);
        }
    }

    static void loadWeights(Plan plan, Artifact a) {
        Tensor p = plan.store().params();
        for (int i = 0; i < a.weights.length; i++) {
            p.set(i, a.weights[i]);
        }
    }

    public ModelIR model() {
        return model;
    }

    public Plan plan() {
        return plan;
    }

    public Artifact artifact() {
        return artifact;
    }

    public Compilation compilation() {
        return compilation;
    }

    public TrainConfig trainConfig() {
        return compilation.trains().get(model.name());
    }

    public Preprocessing preprocessing() {
        return artifact.meta.preprocessing;
    }

    public Map<String, Double> evaluate(Dataset data) {
        return Trainer.evaluate(plan, trainConfig(), data, artifact.meta.batchSize, "");
    }

    /** Model outputs for every sample, in batches; returns one float[] per sample (the first output). */
    public float[][] predict(Dataset data, int batchSize) {
        int n = data.size();
        int per = (int) model.outputs().get(0).shape().elements();
        float[][] out = new float[n][];
        RunContext ctx = new RunContext(DataType.FLOAT, false, 0);
        for (int from = 0; from < n; from += batchSize) {
            int b = Math.min(batchSize, n - from);
            Tensor[] x = new Tensor[model.inputs().size()];
            for (int i = 0; i < x.length; i++) {
                x[i] = Tensor.zeros(DataType.FLOAT, model.inputs().get(i).shape().prepend(b).dims());
                int p = data.perSample(i);
                x[i].floats().put(0, data.features().get(i), (data.first() + from) * p, b * p);
            }
            Tensor y = plan.forward(x, ctx)[0];
            int perOut = per > 0 ? per : y.perSample();
            for (int r = 0; r < b; r++) {
                float[] row = new float[perOut];
                for (int k = 0; k < perOut; k++) {
                    row[k] = (float) y.get(r * perOut + k);
                }
                out[from + r] = row;
            }
        }
        return out;
    }
}
