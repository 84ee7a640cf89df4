package dev.nnl.runtime.keras;

import dev.nnl.runtime.NnlException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The weights of a Keras file, per layer name, each layer's arrays in Keras {@code get_weights()}
 * order (which is nnl's weight order). Every reader checks sizes before it allocates, so a
 * hostile file cannot make it allocate more than the file holds or {@link #MAX_FLOATS}.
 */
public final class KerasWeights {
    /** 2^28 floats (1 GiB): a larger model is refused before anything is read or allocated. */
    public static final long MAX_FLOATS = 1L << 28;

    /** One array: its name in the file, its shape, its values in C order. */
    public record Array(String name, long[] shape, float[] values) {
    }

    private final Map<String, List<Array>> byLayer = new LinkedHashMap<>();

    /** Adds an array to a layer, after the layer's earlier ones. */
    public void add(String layer, Array a) {
        byLayer.computeIfAbsent(layer, k -> new ArrayList<>()).add(a);
    }

    public Map<String, List<Array>> byLayer() {
        return byLayer;
    }

    /** The element count of a shape, refused when a dimension is negative or the product overflows or exceeds {@link #MAX_FLOATS}. */
    public static long count(long[] shape, String what) throws NnlException {
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new NnlException(what + ": negative dimension " + d, false);
            }
            try {
                n = Math.multiplyExact(n, d);
            } catch (ArithmeticException e) {
                throw new NnlException(what + ": the shape " + java.util.Arrays.toString(shape) + " overflows (its size is more than 2^63)", false);
            }
        }
        if (n > MAX_FLOATS) {
            throw new NnlException(what + ": the shape " + java.util.Arrays.toString(shape) + " holds " + n
                    + " values, more than nnl loads (" + MAX_FLOATS + ")", false);
        }
        return n;
    }
}
