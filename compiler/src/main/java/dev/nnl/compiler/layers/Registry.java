package dev.nnl.compiler.layers;

import dev.nnl.compiler.layers.activation.ELU;
import dev.nnl.compiler.layers.activation.LeakyReLU;
import dev.nnl.compiler.layers.activation.ReLU;
import dev.nnl.compiler.layers.activation.Softmax;
import dev.nnl.compiler.layers.conv.Conv1D;
import dev.nnl.compiler.layers.conv.Conv2D;
import dev.nnl.compiler.layers.core.Activation;
import dev.nnl.compiler.layers.core.Dense;
import dev.nnl.compiler.layers.core.Dropout;
import dev.nnl.compiler.layers.core.Embedding;
import dev.nnl.compiler.layers.core.Flatten;
import dev.nnl.compiler.layers.core.GaussianNoise;
import dev.nnl.compiler.layers.core.Permute;
import dev.nnl.compiler.layers.core.RepeatVector;
import dev.nnl.compiler.layers.core.Reshape;
import dev.nnl.compiler.layers.core.SpatialDropout1D;
import dev.nnl.compiler.layers.core.SpatialDropout2D;
import dev.nnl.compiler.layers.merge.Add;
import dev.nnl.compiler.layers.merge.Average;
import dev.nnl.compiler.layers.merge.Concatenate;
import dev.nnl.compiler.layers.merge.Maximum;
import dev.nnl.compiler.layers.merge.Minimum;
import dev.nnl.compiler.layers.merge.Multiply;
import dev.nnl.compiler.layers.merge.Subtract;
import dev.nnl.compiler.layers.norm.BatchNormalization;
import dev.nnl.compiler.layers.norm.LayerNormalization;
import dev.nnl.compiler.layers.pooling.AveragePooling1D;
import dev.nnl.compiler.layers.pooling.AveragePooling2D;
import dev.nnl.compiler.layers.pooling.GlobalAveragePooling1D;
import dev.nnl.compiler.layers.pooling.GlobalAveragePooling2D;
import dev.nnl.compiler.layers.pooling.GlobalMaxPooling1D;
import dev.nnl.compiler.layers.pooling.GlobalMaxPooling2D;
import dev.nnl.compiler.layers.pooling.MaxPooling1D;
import dev.nnl.compiler.layers.pooling.MaxPooling2D;
import dev.nnl.compiler.layers.recurrent.Bidirectional;
import dev.nnl.compiler.layers.recurrent.GRU;
import dev.nnl.compiler.layers.recurrent.LSTM;
import dev.nnl.compiler.layers.recurrent.SimpleRNN;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every layer nnl knows, listed explicitly (no class-path scanning). In the compiler a layer is
 * one class and one line here; {@code nnlc layers} and docs/layers.md are generated from this
 * list, and the runtime's coverage tests fail until the runtime has an entry for every layer in it.
 */
public final class Registry {
    private static final List<LayerDef> ALL = List.of(
            // core
            new Dense(), new Activation(), new Embedding(), new Flatten(), new Reshape(), new Permute(),
            new RepeatVector(),
            // convolution
            new Conv1D(), new Conv2D(),
            // pooling
            new MaxPooling1D(), new MaxPooling2D(), new AveragePooling1D(), new AveragePooling2D(),
            new GlobalMaxPooling1D(), new GlobalMaxPooling2D(), new GlobalAveragePooling1D(),
            new GlobalAveragePooling2D(),
            // recurrent
            new SimpleRNN(), new LSTM(), new GRU(), new Bidirectional(),
            // normalization and regularization
            new BatchNormalization(), new LayerNormalization(), new Dropout(), new SpatialDropout1D(),
            new SpatialDropout2D(), new GaussianNoise(),
            // activation layers
            new ReLU(), new LeakyReLU(), new Softmax(), new ELU(),
            // merge
            new Add(), new Subtract(), new Multiply(), new Average(), new Maximum(), new Minimum(),
            new Concatenate());

    private static final Map<String, LayerDef> BY_NAME = index();

    private Registry() {
    }

    private static Map<String, LayerDef> index() {
        Map<String, LayerDef> m = new LinkedHashMap<>();
        for (LayerDef d : ALL) {
            if (m.put(d.className(), d) != null) {
                throw new IllegalStateException("layer registered twice: " + d.className());
            }
        }
        return m;
    }

    public static LayerDef get(String className) {
        return BY_NAME.get(className);
    }

    public static Collection<LayerDef> all() {
        return ALL;
    }

    public static List<String> names() {
        return List.copyOf(BY_NAME.keySet());
    }
}
