package dev.nnl.runtime.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.nnl.compiler.ir.DType;
import dev.nnl.compiler.ir.InputNode;
import dev.nnl.compiler.ir.ModelIR;
import dev.nnl.runtime.onnx.proto.Onnx.NodeProto;
import dev.nnl.runtime.onnx.proto.Onnx.TensorProto;
import dev.nnl.runtime.plan.Plan;
import dev.nnl.runtime.tensor.Tensor;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Runs an exported ONNX model in ONNX Runtime (which checks the model as it loads it: a model
 * it refuses fails the test) and compares its outputs with arrays from the runtime.
 */
final class OnnxRun {
    private static final Pattern GENERATED = Pattern.compile(".*node_\\d+.*");

    private OnnxRun() {
    }

    /** Builds the model of the plan, checks its names against the SameDiff export's, runs it on x in ORT. */
    static float[][] run(Plan plan, int opset, Tensor[] x) throws Exception {
        OnnxExport.Model m = OnnxExport.build(plan, opset, null);
        checkNames(plan, m);
        return run(m.proto().toByteArray(), plan.model(), x);
    }

    /** Runs model bytes in ORT with the inputs named as the model's inputs. */
    static float[][] run(byte[] bytes, ModelIR model, Tensor[] x) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions opts = new OrtSession.SessionOptions()) {
            opts.setIntraOpNumThreads(1);
            try (OrtSession session = env.createSession(bytes, opts)) {
                Map<String, OnnxTensor> feed = new HashMap<>();
                try {
                    for (int i = 0; i < x.length; i++) {
                        InputNode in = model.inputs().get(i);
                        feed.put(in.name(), tensor(env, in, x[i]));
                    }
                    try (OrtSession.Result r = session.run(feed)) {
                        float[][] out = new float[r.size()][];
                        for (int o = 0; o < out.length; o++) {
                            OnnxTensor t = (OnnxTensor) r.get(o);
                            FloatBuffer fb = t.getFloatBuffer();
                            out[o] = new float[fb.remaining()];
                            fb.get(out[o]);
                        }
                        return out;
                    }
                } finally {
                    feed.values().forEach(OnnxTensor::close);
                }
            }
        }
    }

    private static OnnxTensor tensor(OrtEnvironment env, InputNode in, Tensor x) throws Exception {
        if (in.dtype() == DType.INT32) {
            int[] v = new int[x.size];
            for (int i = 0; i < v.length; i++) {
                v[i] = (int) x.get(i);
            }
            return OnnxTensor.createTensor(env, IntBuffer.wrap(v), x.shape);
        }
        float[] v = new float[x.size];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) x.get(i);
        }
        return OnnxTensor.createTensor(env, FloatBuffer.wrap(v), x.shape);
    }

    /** Inputs and outputs named as the SameDiff export names them (SameDiffExport.outputName); no generated node_N names; every node named after a layer. */
    static void checkNames(Plan plan, OnnxExport.Model m) {
        ModelIR model = plan.model();
        assertEquals(model.inputs().stream().map(InputNode::name).toList(),
                m.proto().getGraph().getInputList().stream().map(v -> v.getName()).toList(), "graph inputs");
        assertEquals(model.outputs().stream().map(o -> SameDiffExport.outputName(o, model)).distinct().toList(),
                m.proto().getGraph().getOutputList().stream().map(v -> v.getName()).toList(), "graph outputs");
        List<String> layers = plan.model().layers().stream().map(l -> l.name() + "/").toList();
        for (NodeProto n : m.proto().getGraph().getNodeList()) {
            assertFalse(GENERATED.matcher(n.getName()).matches(), n.getName());
            assertTrue(layers.stream().anyMatch(n.getName()::startsWith), "node not named after a layer: " + n.getName());
        }
        for (TensorProto t : m.proto().getGraph().getInitializerList()) {
            assertFalse(GENERATED.matcher(t.getName()).matches(), t.getName());
        }
    }

    /** |want − got| ≤ tol everywhere, with the shapes' element counts equal. */
    static void assertClose(String what, INDArray want, float[] got, double tol) {
        float[] w = want.dup('c').data().asFloat();
        assertEquals(w.length, got.length, what + ": element count");
        assertClose(what, w, got, tol);
    }

    static void assertClose(String what, float[] want, float[] got, double tol) {
        assertEquals(want.length, got.length, what + ": element count");
        double worst = 0;
        int at = -1;
        for (int i = 0; i < want.length; i++) {
            double d = Math.abs(want[i] - got[i]);
            if (!(d <= worst)) {
                worst = d;
                at = i;
            }
        }
        double finalWorst = worst;
        int finalAt = at;
        assertTrue(worst <= tol, () -> what + ": max |diff| " + finalWorst + " > " + tol + " at " + finalAt
                + " (want " + want[finalAt] + ", got " + got[finalAt] + ")");
    }
}
