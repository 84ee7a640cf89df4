package dev.nnl.compiler.layers.conv;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nnl.compiler.ir.Shape;
import org.junit.jupiter.api.Test;

/** Keras's output length and TensorFlow's padding placement, the cases the runtime relies on. */
class WindowTest {

    private static void assertAxis(long out, long before, long after, Window w, long in) {
        assertEquals(out, w.outputLength(in), "output length");
        assertEquals(before, w.padBefore(in), "cells before");
        assertEquals(after, w.padAfter(in), "cells after");
    }

    @Test
    void samePaddingPutsTheExtraCellAfterTheData() {
        // n=6, k=3, s=2: out 3, total (3-1)·2+3-6 = 1 → 0 before, 1 after.
        assertAxis(3, 0, 1, new Window(3, 2, 1, Padding.SAME), 6);
        // n=5, k=4, s=1: out 5, total 3 → 1 before, 2 after.
        assertAxis(5, 1, 2, new Window(4, 1, 1, Padding.SAME), 5);
        // dilation 2, k=3: effective 5; n=7: total 4 → 2 before.
        assertAxis(7, 2, 2, new Window(3, 1, 2, Padding.SAME), 7);
    }

    @Test
    void causalPadsTheDilatedKernelOnTheLeftAndValidShrinks() {
        assertAxis(4, 4, 0, new Window(3, 2, 2, Padding.CAUSAL), 7);
        assertAxis(2, 0, 0, new Window(3, 2, 2, Padding.VALID), 7);
        // Too small for the window: zero or fewer cells, which the layers report.
        assertEquals(0, new Window(5, 1, 1, Padding.VALID).outputLength(4));
    }

    @Test
    void unknownAndHugeInputsStayWellDefined() {
        assertEquals(Shape.NONE, new Window(3, 1, 1, Padding.VALID).outputLength(Shape.NONE));
        assertEquals(Long.MAX_VALUE, new Window(Long.MAX_VALUE, 1, 2, Padding.VALID).effectiveKernel());
        assertEquals(Long.MAX_VALUE / 3 + 1, new Window(1, 3, 1, Padding.SAME).outputLength(Long.MAX_VALUE));
    }
}
