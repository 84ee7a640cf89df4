package dev.nnl.compiler.layers.conv;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nnl.compiler.layers.LayerArgs;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** ConvSpec reads convolution and pooling arguments alike and gives the NHWC view of a 1D layer. */
class ConvSpecTest {

    private static LayerArgs args(Map<String, Object> values) {
        return new LayerArgs("Layer", new HashMap<>(values), Map.of(), Set.of(), null);
    }

    @Test
    void aConv1DIsTheTwoDimensionalCaseOverAHeightOfOne() {
        ConvSpec spec = ConvSpec.of(args(Map.of("kernel_size", new long[] {3}, "strides", new long[] {1},
                "dilation_rate", new long[] {2}, "padding", "causal")));
        assertEquals(1, spec.spatial());
        assertEquals(Padding.CAUSAL, spec.padding());
        assertEquals(new Window(1, 1, 1, Padding.CAUSAL), spec.height());
        assertEquals(new Window(3, 1, 2, Padding.CAUSAL), spec.width());
        assertEquals(0, spec.height().padBefore(1));
        assertEquals(4, spec.width().padBefore(10));
        assertEquals("3", spec.kernelText());
    }

    @Test
    void poolingStridesDefaultToThePoolSize() {
        Map<String, Object> values = new HashMap<>(Map.of("pool_size", new long[] {2, 3}, "padding", "same"));
        values.put("strides", null);
        ConvSpec spec = ConvSpec.of(args(values));
        assertEquals(new Window(2, 2, 1, Padding.SAME), spec.height());
        assertEquals(new Window(3, 3, 1, Padding.SAME), spec.width());
        assertEquals(4, spec.outputLength(1, 10));
        assertEquals("(2, 3)", spec.kernelText());
    }
}
