package dev.nnl.runtime.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnl.compiler.Compilation;
import dev.nnl.compiler.Compiler;
import dev.nnl.compiler.diag.Diagnostic;
import dev.nnl.compiler.ir.DType;
import dev.nnl.compiler.ir.InputNode;
import dev.nnl.compiler.ir.LayerNode;
import dev.nnl.compiler.ir.ModelIR;
import dev.nnl.compiler.ir.Shape;
import dev.nnl.compiler.source.SourceFile;
import dev.nnl.runtime.kernels.RunContext;
import dev.nnl.runtime.plan.Plan;
import dev.nnl.runtime.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Every model of every samples/*.nnl file, initialised from a seed, exported, round-tripped
 * through a flat file and run on a random batch of 3: the same outputs as the runtime's own
 * inference forward pass. Token inputs get valid ids with zero padding at the end, so masks matter.
 */
class SameDiffSamplesTest {
    private static final Path SAMPLES = Path.of("../samples");

    @TestFactory
    List<DynamicTest> everySampleExportsAndAgreesWithThePlan() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        try (var files = Files.list(SAMPLES)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".nnl")).sorted().toList()) {
                Compilation c = Compiler.compile(SourceFile.fromText(f.getFileName().toString(), f, Files.readString(f)));
                assertFalse(c.hasErrors(), () -> f + ": " + c.diagnostics().stream().map(Diagnostic::message).toList());
                for (ModelIR m : c.models().values()) {
                    tests.add(DynamicTest.dynamicTest(f.getFileName() + " " + m.name(), () -> check(m)));
                }
            }
        }
        assertTrue(tests.size() >= 10, "sample models found: " + tests.size());
        return tests;
    }

    /** Exports a seeded model, round-trips it through a file and compares with Plan.forward on a batch of 3. */
    static void check(ModelIR model) throws Exception {
        Plan plan = new Plan(model, DataType.FLOAT);
        plan.initialize(7);
        Random rng = new Random(11);
        Tensor[] x = new Tensor[model.inputs().size()];
        INDArray[] feed = new INDArray[x.length];
        for (int i = 0; i < x.length; i++) {
            InputNode in = model.inputs().get(i);
            long[] dims = in.shape().prepend(3).dims();
            for (int d = 1; d < dims.length; d++) {
                // An unknown size (a variable sequence length) gets a length for this batch.
                dims[d] = dims[d] == Shape.NONE ? 6 : dims[d];
            }
            x[i] = Tensor.zeros(DataType.FLOAT, dims);
            int vocab = vocabulary(model, in);
            int perSample = x[i].perSample();
            for (int b = 0; b < 3; b++) {
                // Sample b keeps its first perSample - 2b ids and is zero-padded after them.
                int real = Math.max(1, perSample - 2 * b);
                for (int k = 0; k < perSample; k++) {
                    double v = in.dtype() == DType.INT32
                            ? (k < real ? 1 + rng.nextInt(vocab - 1) : 0)
                            : rng.nextGaussian();
                    x[i].set(b * perSample + k, v);
                }
            }
            feed[i] = x[i].array.dup();
        }
        Tensor[] want = plan.forward(x, new RunContext(DataType.FLOAT, false, 0));
        SameDiffExport.Graph g = SameDiffExport.build(plan);
        INDArray[] got = RoundTrip.run(g, feed);
        assertEquals(want.length, got.length, "number of outputs");
        for (int o = 0; o < got.length; o++) {
            RoundTrip.assertClose(g.outputs().get(o).name(), want[o].array, got[o], 1e-4);
        }
    }

    /** The input_dim of the Embedding reading an integer input (ids must be below it), or 2. */
    private static int vocabulary(ModelIR model, InputNode in) {
        for (LayerNode n : model.layers()) {
            if (n.className().equals("Embedding") && n.inbound().contains(in.name())) {
                return n.args().getInt("input_dim");
            }
        }
        return 2;
    }
}
