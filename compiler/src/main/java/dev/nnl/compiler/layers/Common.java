package dev.nnl.compiler.layers;

import dev.nnl.compiler.ir.Shape;
import dev.nnl.compiler.ir.Weight;
import dev.nnl.compiler.value.Value;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Argument types and argument groups that many layers share, defined once. */
public final class Common {
    private Common() {
    }

    /** Keras 3 activation names (keras.activations). */
    public static final List<String> ACTIVATIONS = List.of(
            "linear", "relu", "sigmoid", "tanh", "softmax", "softplus", "softsign", "selu", "elu", "gelu",
            "swish", "silu", "hard_sigmoid", "hard_silu", "hard_swish", "exponential", "leaky_relu", "relu6",
            "mish", "log_softmax");

    public static final Set<String> INITIALIZER_NAMES = new LinkedHashSet<>(List.of(
            "zeros", "ones", "glorot_uniform", "glorot_normal", "he_uniform", "he_normal", "lecun_uniform",
            "lecun_normal", "orthogonal", "identity", "random_normal", "random_uniform", "truncated_normal",
            "uniform", "normal", "variance_scaling"));

    public static final Set<String> INITIALIZER_CALLS = new LinkedHashSet<>(List.of(
            "Zeros", "Ones", "Constant", "GlorotUniform", "GlorotNormal", "HeUniform", "HeNormal", "LecunUniform",
            "LecunNormal", "Orthogonal", "Identity", "RandomNormal", "RandomUniform", "TruncatedNormal",
            "VarianceScaling"));

    /** An activation name; {@code none} means linear, as in Keras. */
    public static final ArgType ACTIVATION = new ArgType() {
        @Override
        public String describe() {
            return "an activation name";
        }

        @Override
        public List<String> symbols() {
            return ACTIVATIONS;
        }

        @Override
        public Object convert(Value v, Arg arg) {
            if (v instanceof Value.None) {
                return "linear";
            }
            String w = ArgType.word(v);
            if (w == null) {
                arg.typeError(v, describe());
                return null;
            }
            if (!ACTIVATIONS.contains(w)) {
                arg.unknownSymbol(v, "activation", w, ACTIVATIONS);
                return null;
            }
            return w;
        }
    };

    public static final ArgType INITIALIZER =
            ArgType.configurable("initializer", INITIALIZER_NAMES, INITIALIZER_CALLS, false);

    public static final ArgType REGULARIZER = ArgType.configurable("regularizer",
            Set.of("l1", "l2", "l1_l2", "orthogonal_regularizer"),
            Set.of("L1", "L2", "L1L2", "OrthogonalRegularizer"), true);

    public static final ArgType CONSTRAINT = ArgType.configurable("constraint",
            Set.of("max_norm", "non_neg", "unit_norm", "min_max_norm"),
            Set.of("MaxNorm", "NonNeg", "UnitNorm", "MinMaxNorm"), true);

    /** channels_last only: the runtime lays tensors out NHWC like Keras's default. */
    public static final ArgType DATA_FORMAT = ArgType.choice("data format", "channels_last");

    public static final ArgType RATE = ArgType.real(0, false, 1, false);

    public static final ArgType SEED = ArgType.optional(ArgType.integer(0));

    /** kernel/bias initializers, regularizers and constraints, as Dense and Conv take them. */
    public static ParamSchema kernelAndBias(String kernelInit) {
        return ParamSchema.builder()
                .optional("kernel_initializer", INITIALIZER, sym(kernelInit), kernelInit, "Initializer for the kernel.")
                .optional("bias_initializer", INITIALIZER, sym("zeros"), "zeros", "Initializer for the bias.")
                .optional("kernel_regularizer", REGULARIZER, null, "none", "Regularizer on the kernel.")
                .optional("bias_regularizer", REGULARIZER, null, "none", "Regularizer on the bias.")
                .optional("activity_regularizer", REGULARIZER, null, "none", "Regularizer on the output.")
                .optional("kernel_constraint", CONSTRAINT, null, "none", "Constraint on the kernel.")
                .optional("bias_constraint", CONSTRAINT, null, "none", "Constraint on the bias.")
                .build();
    }

    /**
     * The beta/gamma arguments of BatchNormalization and LayerNormalization, in Keras order;
     * {@code movingStats} adds BatchNormalization's moving-statistics initializers.
     */
    public static ParamSchema betaGamma(boolean movingStats) {
        ParamSchema.Builder b = ParamSchema.builder()
                .optional("beta_initializer", INITIALIZER, sym("zeros"), "zeros", "Initializer for beta.")
                .optional("gamma_initializer", INITIALIZER, sym("ones"), "ones", "Initializer for gamma.");
        if (movingStats) {
            b.optional("moving_mean_initializer", INITIALIZER, sym("zeros"), "zeros", "Initializer for the moving mean.")
                    .optional("moving_variance_initializer", INITIALIZER, sym("ones"), "ones", "Initializer for the moving variance.");
        }
        return b.optional("beta_regularizer", REGULARIZER, null, "none", "Regularizer on beta.")
                .optional("gamma_regularizer", REGULARIZER, null, "none", "Regularizer on gamma.")
                .optional("beta_constraint", CONSTRAINT, null, "none", "Constraint on beta.")
                .optional("gamma_constraint", CONSTRAINT, null, "none", "Constraint on gamma.")
                .build();
    }

    /** A symbol value for defaults (no source span: defaults are not written anywhere). */
    public static Value sym(String name) {
        return new Value.Sym(name, null);
    }

    public static List<Weight> weights(Object... nameShapePairs) {
        List<Weight> out = new ArrayList<>();
        for (int i = 0; i < nameShapePairs.length; i += 2) {
            out.add(new Weight((String) nameShapePairs[i], (Shape) nameShapePairs[i + 1], true));
        }
        return out;
    }

}
