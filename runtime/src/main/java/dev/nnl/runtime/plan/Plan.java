package dev.nnl.runtime.plan;

import dev.nnl.compiler.ir.InputNode;
import dev.nnl.compiler.ir.LayerNode;
import dev.nnl.compiler.ir.ModelIR;
import dev.nnl.compiler.ir.OutputRef;
import dev.nnl.compiler.ir.Ref;
import dev.nnl.runtime.kernels.Kernel;
import dev.nnl.runtime.kernels.RunContext;
import dev.nnl.runtime.layers.LayerRuntimes;
import dev.nnl.runtime.tensor.ParamStore;
import dev.nnl.runtime.tensor.Tensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * A checked model lowered to kernels in graph order, with one flat parameter store. Forward
 * keeps every layer's outputs for backward; gradients of a tensor read by several layers are
 * summed in a buffer that lives as long as the plan.
 */
public final class Plan {
    /** Where a layer input comes from: a model input (layer = -1) or output {@code index} of a layer. */
    private record Source(int layer, int input, int index) {
    }

    private final ModelIR model;
    private final DataType type;
    private final ParamStore store;
    private final List<Kernel> kernels = new ArrayList<>();
    private final List<Source[]> sources = new ArrayList<>();
    private final Source[] outputs;
    private final int[] consumers;

    private Tensor[][] values;
    private Tensor[][] masks;
    /** What each kernel read in the last forward pass (its inputs and their masks), for the backward pass. */
    private Tensor[][] kernelInputs;
    private Tensor[][] kernelMasks;
    private Tensor[] inputMasks;
    private Tensor[] inputs;
    private Tensor[][] grads;

    public Plan(ModelIR model, DataType type) {
        this(model, type, new ParamStore(model, type));
    }

    /**
     * A plan over an existing parameter store: inference on several threads runs one plan per
     * thread (each owns its activation buffers) over one copy of the weights.
     */
    public Plan(ModelIR model, DataType type, ParamStore store) {
        this.model = model;
        this.type = type;
        this.store = store;
        Map<String, Integer> layerIndex = new HashMap<>();
        Map<String, Integer> inputIndex = new HashMap<>();
        for (int i = 0; i < model.inputs().size(); i++) {
            inputIndex.put(model.inputs().get(i).name(), i);
        }
        consumers = new int[model.layers().size()];
        for (LayerNode n : model.layers()) {
            Kernel k = LayerRuntimes.kernel(n);
            k.attach(store);
            Source[] src = new Source[n.inbound().size()];
            for (int i = 0; i < src.length; i++) {
                src[i] = source(n.inbound().get(i), layerIndex, inputIndex);
                if (src[i].layer() >= 0) {
                    consumers[src[i].layer()]++;
                }
            }
            layerIndex.put(n.name(), kernels.size());
            kernels.add(k);
            sources.add(src);
        }
        outputs = new Source[model.outputs().size()];
        for (int i = 0; i < outputs.length; i++) {
            OutputRef o = model.outputs().get(i);
            outputs[i] = source(o.index() == 0 ? o.name() : o.name() + "[" + o.index() + "]", layerIndex, inputIndex);
        }
    }

    private static Source source(String ref, Map<String, Integer> layers, Map<String, Integer> inputs) {
        Ref r = Ref.parse(ref);
        Integer l = layers.get(r.name());
        return l != null ? new Source(l, -1, r.index()) : new Source(-1, inputs.get(r.name()), 0);
    }

    public ModelIR model() {
        return model;
    }

    public ParamStore store() {
        return store;
    }

    public DataType type() {
        return type;
    }

    public List<Kernel> kernels() {
        return kernels;
    }

    /**
     * Whether {@link #backward} computes the gradients of the model inputs (on by default, for
     * gradient checks and saliency). Training turns it off: then a kernel computes its inputs'
     * gradients only when something upstream has trainable weights, so the first Dense or Conv2D
     * (after a Flatten or Reshape, too) skips its input-gradient product.
     */
    public void setInputGradients(boolean wanted) {
        // Graph order: a layer's sources come before it.
        boolean[] upstreamTrainable = new boolean[kernels.size()];
        for (int i = 0; i < kernels.size(); i++) {
            boolean needed = wanted;
            for (Source s : sources.get(i)) {
                needed |= s.layer() >= 0 && upstreamTrainable[s.layer()];
            }
            kernels.get(i).setInputGradients(needed);
            boolean trainable = model.layers().get(i).weights().stream().anyMatch(w -> w.trainable());
            upstreamTrainable[i] = needed || trainable;
        }
    }

    /** Initializes every weight as Keras would, deterministically from the seed. */
    public void initialize(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        for (Kernel k : kernels) {
            k.initialize(store, rng.split());
        }
    }

    /** The kernel that produces model output {@code i}, or null when the output is an input. */
    public Kernel outputKernel(int i) {
        return outputs[i].layer() < 0 ? null : kernels.get(outputs[i].layer());
    }

    /** Runs the model on a batch (one tensor per model input); returns one tensor per output. */
    public Tensor[] forward(Tensor[] in, RunContext ctx) {
        inputs = in;
        inputMasks = new Tensor[in.length];
        values = new Tensor[kernels.size()][];
        masks = new Tensor[kernels.size()][];
        kernelInputs = new Tensor[kernels.size()][];
        kernelMasks = new Tensor[kernels.size()][];
        for (int i = 0; i < kernels.size(); i++) {
            Source[] src = sources.get(i);
            Tensor[] x = new Tensor[src.length];
            Tensor[] m = new Tensor[src.length];
            for (int j = 0; j < src.length; j++) {
                x[j] = value(src[j]);
                m[j] = mask(src[j]);
            }
            kernelInputs[i] = x;
            kernelMasks[i] = m;
            Kernel k = kernels.get(i);
            values[i] = k.forward(x, m, ctx);
            Tensor outMask = k.outputMask(x, m);
            masks[i] = new Tensor[values[i].length];
            java.util.Arrays.fill(masks[i], outMask);
        }
        Tensor[] out = new Tensor[outputs.length];
        for (int i = 0; i < outputs.length; i++) {
            out[i] = value(outputs[i]);
        }
        return out;
    }

    /**
     * The outputs of layer {@code i} (model order) in the last forward pass: one tensor, or two for
     * Bidirectional(merge_mode=None). Package-private: for the tests that compare every layer with
     * Keras (ForwardFixtureTest, through the test class dev.nnl.runtime.plan.LayerOutputs), not API.
     */
    Tensor[] layerOutputs(int i) {
        if (values == null) {
            throw new IllegalStateException("no forward pass yet");
        }
        return values[i].clone();
    }

    private Tensor value(Source s) {
        return s.layer() < 0 ? inputs[s.input()] : values[s.layer()][s.index()];
    }

    private Tensor mask(Source s) {
        return s.layer() < 0 ? inputMasks[s.input()] : masks[s.layer()][s.index()];
    }

    /**
     * Backpropagates the given output gradients (from the loss) through the last forward pass,
     * adding parameter gradients into the store (zero them first with {@link ParamStore#zeroGrads}).
     * Returns the gradients of the model inputs (null for inputs nothing differentiable reads).
     */
    public Tensor[] backward(Tensor[] dOutputs, RunContext ctx) {
        Tensor[] inputGrads = new Tensor[inputs.length];
        if (grads == null || grads.length != kernels.size()) {
            grads = new Tensor[kernels.size()][];
        }
        Tensor[][] pending = new Tensor[kernels.size()][];
        for (int i = 0; i < outputs.length; i++) {
            if (outputs[i].layer() >= 0) {
                accumulate(pending, outputs[i], dOutputs[i], ctx);
            }
        }
        for (int i = kernels.size() - 1; i >= 0; i--) {
            if (pending[i] == null) {
                continue;
            }
            Source[] src = sources.get(i);
            Tensor[] dIn = kernels.get(i).backward(kernelInputs[i], kernelMasks[i], pending[i], ctx);
            for (int j = 0; j < src.length; j++) {
                if (dIn[j] == null) {
                    continue;
                }
                if (src[j].layer() >= 0) {
                    accumulate(pending, src[j], dIn[j], ctx);
                } else {
                    inputGrads[src[j].input()] = sum(inputGrads[src[j].input()], dIn[j]);
                }
            }
        }
        return inputGrads;
    }

    /** Input gradients are rare (tests, saliency); a fresh sum is fine there. */
    private static Tensor sum(Tensor acc, Tensor g) {
        Tensor out = Tensor.zeros(g.dataType(), g.shape);
        for (int i = 0; i < out.size; i++) {
            out.set(i, (acc == null ? 0 : acc.get(i)) + g.get(i));
        }
        return out;
    }

    /**
     * Records a gradient for a layer output. The first one is used as is when the output has a
     * single consumer; several are summed into a buffer the plan owns (kernels reuse theirs).
     */
    private void accumulate(Tensor[][] pending, Source s, Tensor g, RunContext ctx) {
        int l = s.layer();
        if (pending[l] == null) {
            pending[l] = new Tensor[values[l].length];
        }
        Tensor current = pending[l][s.index()];
        if (current == null && consumers[l] <= 1) {
            pending[l][s.index()] = g;
            return;
        }
        if (grads[l] == null) {
            grads[l] = new Tensor[values[l].length];
        }
        Tensor acc = grads[l][s.index()];
        if (acc == null || !java.util.Arrays.equals(acc.shape, g.shape)) {
            acc = Tensor.zeros(ctx.type, g.shape);
            grads[l][s.index()] = acc;
        }
        if (current == null) {
            acc.copyFrom(g);
        } else {
            if (current != acc) {
                acc.copyFrom(current);
            }
            for (int i = 0; i < acc.size; i++) {
                acc.set(i, acc.get(i) + g.get(i));
            }
        }
        pending[l][s.index()] = acc;
    }

    public List<InputNode> inputs() {
        return model.inputs();
    }
}
