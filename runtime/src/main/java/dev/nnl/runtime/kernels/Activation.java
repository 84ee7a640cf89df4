package dev.nnl.runtime.kernels;

import dev.nnl.runtime.onnx.Attr;
import dev.nnl.runtime.onnx.CellActivation;
import dev.nnl.runtime.onnx.OnnxScope;
import dev.nnl.runtime.samediff.ActivationOps;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * The Keras 3 activations (keras.activations), each listed once with every form the runtime
 * needs: f(x) and f'(x) for the kernels' loops ({@link Activations}, the recurrent cells) and the
 * SameDiff ops of the export. softmax and log_softmax work on whole rows of the last axis, so
 * they have no scalar form; the loops treat them apart.
 *
 * <p>{@link #f} and {@link #df} switch on the constant instead of overriding per constant, so the
 * call inside an elementwise loop stays one monomorphic, inlinable method.
 */
public enum Activation {
    LINEAR("linear"),
    RELU("relu"),
    SIGMOID("sigmoid"),
    TANH("tanh"),
    SOFTPLUS("softplus"),
    SOFTSIGN("softsign"),
    SELU("selu"),
    ELU("elu"),
    GELU("gelu"),
    SWISH("swish", "silu"),
    HARD_SIGMOID("hard_sigmoid"),
    HARD_SILU("hard_silu", "hard_swish"),
    EXPONENTIAL("exponential"),
    LEAKY_RELU("leaky_relu"),
    RELU6("relu6"),
    MISH("mish"),
    SOFTMAX("softmax"),
    LOG_SOFTMAX("log_softmax");

    private static final double SELU_ALPHA = 1.6732632423543772;
    private static final double SELU_SCALE = 1.0507009873554805;
    /** keras.activations.leaky_relu's default slope (the LeakyReLU layer has its own). */
    private static final double LEAKY_SLOPE = 0.2;
    private static final Map<String, Activation> BY_NAME = new HashMap<>();

    static {
        for (Activation a : values()) {
            for (String name : a.names) {
                BY_NAME.put(name, a);
            }
        }
    }

    private final List<String> names;

    Activation(String... names) {
        this.names = List.of(names);
    }

    /** The activation a checked {@code activation} argument names. */
    public static Activation of(String name) {
        Activation a = BY_NAME.get(name);
        if (a == null) {
            throw new IllegalArgumentException("unknown activation " + name);
        }
        return a;
    }

    /** True for softmax and log_softmax, whose value and derivative need the whole row. */
    public boolean rowwise() {
        return this == SOFTMAX || this == LOG_SOFTMAX;
    }

    /** f(x) for the elementwise activations. */
    public double f(double x) {
        return switch (this) {
            case LINEAR -> x;
            case RELU -> Math.max(0, x);
            case SIGMOID -> sigmoid(x);
            case TANH -> Math.tanh(x);
            case SOFTPLUS -> softplus(x);
            case SOFTSIGN -> x / (1 + Math.abs(x));
            case SELU -> x > 0 ? SELU_SCALE * x : SELU_SCALE * SELU_ALPHA * Math.expm1(x);
            case ELU -> x > 0 ? x : Math.expm1(x);
            case GELU -> 0.5 * x * (1 + erf(x / Math.sqrt(2)));
            case SWISH -> x * sigmoid(x);
            case HARD_SIGMOID -> hardSigmoid(x);
            case HARD_SILU -> x * hardSigmoid(x);
            case EXPONENTIAL -> Math.exp(x);
            case LEAKY_RELU -> x > 0 ? x : LEAKY_SLOPE * x;
            case RELU6 -> Math.min(Math.max(0, x), 6);
            case MISH -> x * Math.tanh(softplus(x));
            case SOFTMAX, LOG_SOFTMAX -> throw new IllegalArgumentException("unknown activation " + names.get(0));
        };
    }

    /** f'(x), given x and f(x). */
    public double df(double x, double fx) {
        return switch (this) {
            case LINEAR -> 1;
            case RELU -> x > 0 ? 1 : 0;
            case SIGMOID -> fx * (1 - fx);
            case TANH -> 1 - fx * fx;
            case SOFTPLUS -> sigmoid(x);
            case SOFTSIGN -> 1 / ((1 + Math.abs(x)) * (1 + Math.abs(x)));
            case SELU -> x > 0 ? SELU_SCALE : SELU_SCALE * SELU_ALPHA * Math.exp(x);
            case ELU -> x > 0 ? 1 : Math.exp(x);
            case GELU -> 0.5 * (1 + erf(x / Math.sqrt(2))) + x * Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
            case SWISH -> {
                double s = sigmoid(x);
                yield s + x * s * (1 - s);
            }
            case HARD_SIGMOID -> x > -3 && x < 3 ? 1.0 / 6 : 0;
            case HARD_SILU -> hardSigmoid(x) + (x > -3 && x < 3 ? x / 6 : 0);
            case EXPONENTIAL -> fx;
            case LEAKY_RELU -> x > 0 ? 1 : LEAKY_SLOPE;
            case RELU6 -> x > 0 && x < 6 ? 1 : 0;
            case MISH -> {
                double sp = softplus(x);
                double t = Math.tanh(sp);
                yield t + x * (1 - t * t) * sigmoid(x);
            }
            case SOFTMAX, LOG_SOFTMAX -> throw new IllegalArgumentException("unknown activation " + names.get(0));
        };
    }

    /**
     * f(x) as SameDiff ops, formula for formula. ND4J's own ops are used only where they compute
     * the same function: its hardSigmoid is Keras 2's 0.2x + 0.5 and its gelu is the tanh
     * approximation, while the runtime uses Keras 3's relu6(x + 3) / 6 and the exact erf form.
     * softmax and log_softmax work on the last axis, {@code rank} being x's rank with the batch axis.
     */
    public SDVariable sameDiff(SameDiff sd, SDVariable x, int rank) {
        return switch (this) {
            case LINEAR -> x;
            case RELU -> ActivationOps.relu(sd, x);
            case SIGMOID -> sd.nn().sigmoid(x);
            case TANH -> sd.math().tanh(x);
            case SOFTPLUS -> ActivationOps.softplus(sd, x);
            case SOFTSIGN -> x.div(sd.math().abs(x).add(1));
            case SELU -> ActivationOps.relu(sd, x).add(ActivationOps.negativePart(sd, x).mul(SELU_ALPHA)).mul(SELU_SCALE);
            case ELU -> ActivationOps.relu(sd, x).add(ActivationOps.negativePart(sd, x));
            case GELU -> x.mul(0.5).mul(sd.math().erf(x.mul(1 / Math.sqrt(2))).add(1));
            case SWISH -> x.mul(sd.nn().sigmoid(x));
            case HARD_SIGMOID -> ActivationOps.hardSigmoid(sd, x);
            case HARD_SILU -> x.mul(ActivationOps.hardSigmoid(sd, x));
            case EXPONENTIAL -> sd.math().exp(x);
            case LEAKY_RELU -> ActivationOps.leaky(sd, x, LEAKY_SLOPE);
            case RELU6 -> sd.math().clipByValue(x, 0, 6);
            case MISH -> x.mul(sd.math().tanh(ActivationOps.softplus(sd, x)));
            case SOFTMAX -> ActivationOps.softmax(sd, x, rank - 1);
            case LOG_SOFTMAX -> ActivationOps.logSoftmax(sd, x, rank - 1);
        };
    }

    /**
     * f(x) as ONNX nodes, formula for formula as {@link #sameDiff}: gelu is the exact erf form
     * (ONNX's Gelu op arrives only in opset 20), hard_sigmoid is Keras 3's (alpha 1/6, beta 0.5),
     * mish is x·tanh(softplus(x)) (the Mish op arrives in opset 18). softmax and log_softmax work
     * on the last axis.
     */
    public String onnx(OnnxScope s, String x) {
        return switch (this) {
            case LINEAR -> x;
            case RELU -> s.op("Relu", List.of(x));
            case SIGMOID -> s.op("Sigmoid", List.of(x));
            case TANH -> s.op("Tanh", List.of(x));
            case SOFTPLUS -> s.op("Softplus", List.of(x));
            case SOFTSIGN -> s.op("Softsign", List.of(x));
            case SELU -> s.op("Selu", List.of(x), Attr.f("alpha", SELU_ALPHA), Attr.f("gamma", SELU_SCALE));
            case ELU -> s.op("Elu", List.of(x), Attr.f("alpha", 1));
            case GELU -> s.mul(s.mul(x, s.scalar("half", 0.5)),
                    s.add(s.op("Erf", List.of(s.mul(x, s.scalar("inv_sqrt2", 1 / Math.sqrt(2))))), s.scalar("one", 1)));
            case SWISH -> s.mul(x, s.op("Sigmoid", List.of(x)));
            case HARD_SIGMOID -> hardSigmoidOnnx(s, x);
            case HARD_SILU -> s.mul(x, hardSigmoidOnnx(s, x));
            case EXPONENTIAL -> s.op("Exp", List.of(x));
            case LEAKY_RELU -> s.op("LeakyRelu", List.of(x), Attr.f("alpha", LEAKY_SLOPE));
            case RELU6 -> s.op("Clip", List.of(x, s.scalar("zero", 0), s.scalar("six", 6)));
            case MISH -> s.mul(x, s.op("Tanh", List.of(s.op("Softplus", List.of(x)))));
            case SOFTMAX -> s.op("Softmax", List.of(x), Attr.i("axis", -1));
            case LOG_SOFTMAX -> s.op("LogSoftmax", List.of(x), Attr.i("axis", -1));
        };
    }

    private static String hardSigmoidOnnx(OnnxScope s, String x) {
        return s.op("HardSigmoid", List.of(x), Attr.f("alpha", 1.0 / 6), Attr.f("beta", 0.5));
    }

    /**
     * The activation as the ONNX recurrent ops accept it inside a cell, or null when their list
     * (Relu, Tanh, Sigmoid, Affine, LeakyRelu, ThresholdedRelu, ScaledTanh, HardSigmoid, Elu,
     * Softsign, Softplus) has no exact counterpart.
     */
    public CellActivation onnxCell() {
        return switch (this) {
            case LINEAR -> new CellActivation("Affine", 1, 0);
            case RELU -> CellActivation.of("Relu");
            case SIGMOID -> CellActivation.of("Sigmoid");
            case TANH -> CellActivation.of("Tanh");
            case SOFTPLUS -> CellActivation.of("Softplus");
            case SOFTSIGN -> CellActivation.of("Softsign");
            case ELU -> new CellActivation("Elu", 1, Float.NaN);
            case HARD_SIGMOID -> new CellActivation("HardSigmoid", 1f / 6, 0.5f);
            case LEAKY_RELU -> new CellActivation("LeakyRelu", (float) LEAKY_SLOPE, Float.NaN);
            default -> null;
        };
    }

    public static double sigmoid(double x) {
        return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
    }

    /** Keras 3: relu6(x + 3) / 6 (Keras 2 and tfjs used 0.2x + 0.5). */
    public static double hardSigmoid(double x) {
        return Math.min(Math.max(x / 6 + 0.5, 0), 1);
    }

    static double softplus(double x) {
        return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
    }

    /** erf from Numerical Recipes erfc (fractional error below 1.2e-7: ample for float32). */
    static double erf(double x) {
        double t = 1 / (1 + 0.5 * Math.abs(x));
        double y = t * Math.exp(-x * x - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? 1 - y : y - 1;
    }
}
