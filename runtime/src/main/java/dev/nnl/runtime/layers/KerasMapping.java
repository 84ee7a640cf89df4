package dev.nnl.runtime.layers;

import com.google.gson.JsonElement;
import dev.nnl.compiler.ir.Shape;
import dev.nnl.compiler.layers.LayerArgs;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.function.Predicate;

/**
 * One layer class's exceptions to the generic Keras mapping. The generic rule (in
 * {@code dev.nnl.runtime.keras}) is that a Keras config key is the nnl argument of the same name
 * (or its Keras 2 spelling), with the same default; initializers, regularizers and constraints
 * are dropped on import, since the weights come from the file. What that rule cannot know is
 * listed here, per layer: config keys that exist only in Keras and do not change inference
 * ({@link #ignored}), keys whose values change the math in a way nnl does not support
 * ({@link #refusals}), the key holding a wrapped layer ({@link #nested}), the spellings TF.js
 * reads ({@link #tfjsKeys}) and what TF.js cannot run ({@link #tfjsLimits}).
 *
 * @param ignored Keras-only config keys that change nothing at inference
 * @param refusals config key → when its value makes the import refuse the layer, and why
 * @param nested the config key holding a wrapped layer's config ({@code layer} for Bidirectional), or null
 * @param tfjsKeys nnl argument → the key TF.js 4.22 reads instead (its Keras 2 spelling)
 * @param tfjsLimits what TF.js cannot load or computes differently: the export refuses those layers
 */
public record KerasMapping(Set<String> ignored, Map<String, Refusal> refusals, String nested, Map<String, String> tfjsKeys,
                           List<Limit> tfjsLimits) {
    /** A config value nnl cannot honour; {@code why} ends the diagnostic. */
    public record Refusal(Predicate<JsonElement> when, String why) {
    }

    /**
     * A configuration TF.js cannot run as Keras does, by the layer's arguments and input shapes;
     * with {@code onlyMasked}, only when the layer's input carries a padding mask.
     */
    public record Limit(BiPredicate<LayerArgs, List<Shape>> when, String why, boolean onlyMasked) {
    }

    public KerasMapping {
        ignored = Set.copyOf(ignored);
        refusals = Map.copyOf(refusals);
        tfjsKeys = Map.copyOf(tfjsKeys);
        tfjsLimits = List.copyOf(tfjsLimits);
    }

    /** Only the generic rule. */
    static KerasMapping generic() {
        return new KerasMapping(Set.of(), Map.of(), null, Map.of(), List.of());
    }

    KerasMapping ignoring(String... keys) {
        Set<String> s = new HashSet<>(ignored);
        s.addAll(List.of(keys));
        return new KerasMapping(s, refusals, nested, tfjsKeys, tfjsLimits);
    }

    KerasMapping refusing(String key, Predicate<JsonElement> when, String why) {
        Map<String, Refusal> m = new HashMap<>(refusals);
        m.put(key, new Refusal(when, why));
        return new KerasMapping(ignored, m, nested, tfjsKeys, tfjsLimits);
    }

    /** Refuses the key when its value is anything but null, false or absent. */
    KerasMapping refusingSet(String key, String why) {
        return refusing(key, v -> !(v == null || v.isJsonNull() || v.isJsonPrimitive() && v.getAsJsonPrimitive().isBoolean() && !v.getAsBoolean()), why);
    }

    KerasMapping nesting(String key) {
        return new KerasMapping(ignored, refusals, key, tfjsKeys, tfjsLimits);
    }

    KerasMapping tfjsKey(String nnlName, String tfjsName) {
        Map<String, String> m = new HashMap<>(tfjsKeys);
        m.put(nnlName, tfjsName);
        return new KerasMapping(ignored, refusals, nested, m, tfjsLimits);
    }

    KerasMapping tfjsLimit(Predicate<LayerArgs> when, String why) {
        return tfjsLimit((a, in) -> when.test(a), why);
    }

    /** A limit that applies when the layer's input carries a padding mask (from {@code Embedding(mask_zero=true)}). */
    KerasMapping tfjsLimitMasked(Predicate<LayerArgs> when, String why) {
        return withLimit(new Limit((a, in) -> when.test(a), "with a masked input: " + why, true));
    }

    KerasMapping tfjsLimit(BiPredicate<LayerArgs, List<Shape>> when, String why) {
        return withLimit(new Limit(when, why, false));
    }

    private KerasMapping withLimit(Limit limit) {
        List<Limit> l = new ArrayList<>(tfjsLimits);
        l.add(limit);
        return new KerasMapping(ignored, refusals, nested, tfjsKeys, l);
    }

    /**
     * Activations whose formula differs in TF.js 4.22 (hard_sigmoid is clip(0.2x + 0.5) there), or
     * that it lacks ("Unknown activation" on load: hard_silu, hard_swish, leaky_relu, exponential).
     */
    static final Set<String> TFJS_ACTIVATIONS_DIFFER = Set.of("hard_sigmoid", "hard_silu", "hard_swish", "leaky_relu", "exponential");

    /** Activations TF.js 4.22 knows under another name: Keras's silu is its swish. */
    public static final Map<String, String> TFJS_ACTIVATION_NAMES = Map.of("silu", "swish");

    /** A limit for layers with an activation argument TF.js computes differently. */
    static KerasMapping tfjsActivations(KerasMapping m, String... args) {
        KerasMapping out = m;
        for (String a : args) {
            out = out.tfjsLimit((LayerArgs x) -> TFJS_ACTIVATIONS_DIFFER.contains(x.getString(a)),
                    "TF.js 4.22 has no `" + a + "` with this value, or computes it differently from Keras 3");
        }
        return out;
    }
}
