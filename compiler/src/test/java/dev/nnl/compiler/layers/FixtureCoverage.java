package dev.nnl.compiler.layers;

import dev.nnl.compiler.ir.LayerNode;
import dev.nnl.compiler.ir.ModelIR;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiPredicate;

/**
 * How many Keras fixture cases a layer class needs, for the shape fixtures (OracleContractTest)
 * and the forward fixtures (the runtime's LayerRuntimeCoverageTest): at least {@link #MIN_CASES},
 * and, per argument that changes the math, a case for each setting in {@link #NEEDS}. A fixture
 * file with an empty or thin case list fails here instead of passing quietly. The shape fixtures
 * need only the settings that change shapes or weights.
 */
public final class FixtureCoverage {
    public static final int MIN_CASES = 3;

    /** Which fixtures: the compiler's shape fixtures, or the runtime's forward fixtures. */
    public enum Kind { SHAPES, FORWARD }

    /**
     * One setting a layer class's fixtures must contain: {@code covers} holds for a layer of that
     * class in some case. {@code forwardOnly}: it changes the values, not the shapes or weights.
     */
    record Need(String layerClass, String what, boolean forwardOnly, BiPredicate<ModelIR, LayerNode> covers) {
        Need(String layerClass, String what, BiPredicate<ModelIR, LayerNode> covers) {
            this(layerClass, what, false, covers);
        }
    }

    private static final String[] CONVS = {"Conv1D", "Conv2D"};
    private static final String[] POOLS = {"MaxPooling1D", "MaxPooling2D", "AveragePooling1D", "AveragePooling2D"};
    private static final String[] RNNS = {"SimpleRNN", "LSTM", "GRU"};
    private static final String[] ELEMENTWISE = {"Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum"};
    private static final String[] GLOBAL_POOLS = {"GlobalAveragePooling1D", "GlobalAveragePooling2D",
        "GlobalMaxPooling1D", "GlobalMaxPooling2D"};

    /** The per-argument table. */
    static final List<Need> NEEDS = table();

    private static List<Need> table() {
        List<Need> t = new ArrayList<>();
        for (String c : CONVS) {
            t.add(new Need(c, "padding=valid", (m, n) -> is(n, "padding", "valid")));
            t.add(new Need(c, "padding=same", (m, n) -> is(n, "padding", "same")));
            t.add(new Need(c, "strides>1", (m, n) -> above1(n.args().get("strides"))));
            t.add(new Need(c, "dilation_rate>1", (m, n) -> above1(n.args().get("dilation_rate"))));
            t.add(new Need(c, "groups>1", (m, n) -> above1(n.args().get("groups"))));
        }
        t.add(new Need("Conv1D", "padding=causal", (m, n) -> is(n, "padding", "causal")));
        for (String c : POOLS) {
            t.add(new Need(c, "padding=valid", (m, n) -> is(n, "padding", "valid")));
            t.add(new Need(c, "padding=same", (m, n) -> is(n, "padding", "same")));
            t.add(new Need(c, "strides != pool_size", (m, n) -> n.args().get("strides") != null
                    && !text(n.args().get("strides")).equals(text(n.args().get("pool_size")))));
        }
        for (String c : RNNS) {
            t.add(new Need(c, "return_sequences=true", (m, n) -> is(n, "return_sequences", "true")));
            t.add(new Need(c, "return_sequences=false", (m, n) -> is(n, "return_sequences", "false")));
            t.add(new Need(c, "go_backwards=true", true, (m, n) -> is(n, "go_backwards", "true")));
            t.add(new Need(c, "masked input", true, (m, n) -> masked(m)));
        }
        t.add(new Need("GRU", "reset_after=true", (m, n) -> is(n, "reset_after", "true")));
        t.add(new Need("GRU", "reset_after=false", (m, n) -> is(n, "reset_after", "false")));
        for (String mode : List.of("concat", "sum", "mul", "ave", "none")) {
            t.add(new Need("Bidirectional", "merge_mode=" + mode, (m, n) -> is(n, "merge_mode", mode)));
        }
        t.add(new Need("Bidirectional", "masked input", true, (m, n) -> masked(m)));
        t.add(new Need("BatchNormalization", "axis=-1", (m, n) -> is(n, "axis", "-1")));
        t.add(new Need("BatchNormalization", "axis other than -1", (m, n) -> !is(n, "axis", "-1")));
        t.add(new Need("LayerNormalization", "rms_scaling=true", (m, n) -> is(n, "rms_scaling", "true")));
        t.add(new Need("Embedding", "mask_zero=true", (m, n) -> is(n, "mask_zero", "true")));
        t.add(new Need("Softmax", "axis other than -1", true, (m, n) -> !is(n, "axis", "-1")));
        t.add(new Need("ReLU", "negative_slope", true, (m, n) -> n.args().isGiven("negative_slope")));
        t.add(new Need("ReLU", "threshold", true, (m, n) -> n.args().isGiven("threshold")));
        t.add(new Need("ReLU", "max_value", true, (m, n) -> n.args().isGiven("max_value")));
        t.add(new Need("ELU", "alpha != 1", true, (m, n) -> n.args().isGiven("alpha") && !is(n, "alpha", "1.0")));
        for (String c : GLOBAL_POOLS) {
            t.add(new Need(c, "keepdims=true", (m, n) -> is(n, "keepdims", "true")));
        }
        for (String c : ELEMENTWISE) {
            t.add(new Need(c, "broadcast (inputs of different shapes)", FixtureCoverage::broadcast));
            if (!c.equals("Subtract")) {
                t.add(new Need(c, "three inputs", (m, n) -> n.inbound().size() == 3));
            }
        }
        t.add(new Need("Concatenate", "axis=-1", (m, n) -> is(n, "axis", "-1")));
        t.add(new Need("Concatenate", "axis other than -1", (m, n) -> !is(n, "axis", "-1")));
        t.add(new Need("Concatenate", "three inputs", (m, n) -> n.inbound().size() == 3));
        return List.copyOf(t);
    }

    private FixtureCoverage() {
    }

    /**
     * What the fixture file of {@code layerClass} lacks: {@code cases} is the number of cases in the
     * file, {@code models} the checked models of the cases that compile (error cases do not).
     */
    public static List<String> missing(Kind kind, String layerClass, int cases, List<ModelIR> models) {
        List<String> out = new ArrayList<>();
        if (cases < MIN_CASES) {
            out.add(layerClass + ": " + cases + " case(s), at least " + MIN_CASES + " needed");
        }
        if (models.stream().noneMatch(m -> m.layers().stream().anyMatch(n -> n.className().equals(layerClass)))) {
            out.add(layerClass + ": no case that compiles has a " + layerClass + " layer");
        }
        for (Need need : NEEDS) {
            boolean applies = need.layerClass().equals(layerClass) && (kind == Kind.FORWARD || !need.forwardOnly());
            if (applies && models.stream().noneMatch(m -> m.layers().stream()
                    .anyMatch(n -> n.className().equals(layerClass) && need.covers().test(m, n)))) {
                out.add(layerClass + ": no case with " + need.what());
            }
        }
        return out;
    }

    /** The layer classes the table names, so a test can check they are all registered. */
    public static List<String> tableClasses() {
        return NEEDS.stream().map(Need::layerClass).distinct().toList();
    }

    private static boolean is(LayerNode n, String arg, String value) {
        return value.equals(text(n.args().get(arg)));
    }

    static String text(Object v) {
        if (v instanceof long[] a) {
            return Arrays.toString(a);
        }
        if (v instanceof int[] a) {
            return Arrays.toString(a);
        }
        return v == null ? "none" : String.valueOf(v);
    }

    private static boolean above1(Object v) {
        if (v instanceof long[] a) {
            return Arrays.stream(a).anyMatch(x -> x > 1);
        }
        return v instanceof Number x && x.longValue() > 1;
    }

    private static boolean masked(ModelIR m) {
        return m.layers().stream().anyMatch(n -> n.className().equals("Embedding") && is(n, "mask_zero", "true"));
    }

    /** The layer's inputs have different shapes (one broadcasts against another). */
    private static boolean broadcast(ModelIR m, LayerNode n) {
        List<String> shapes = new ArrayList<>();
        for (String in : n.inbound()) {
            m.layers().stream().filter(l -> l.name().equals(in)).findFirst()
                    .ifPresentOrElse(l -> shapes.add(l.outputShapes().get(0).toString()),
                            () -> m.inputs().stream().filter(i -> i.name().equals(in)).findFirst()
                                    .ifPresent(i -> shapes.add(i.shape().toString())));
        }
        return shapes.stream().distinct().count() > 1;
    }
}
