package dev.nnl.compiler.ir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnl.compiler.Compilation;
import dev.nnl.compiler.Compiler;
import dev.nnl.compiler.source.SourceFile;
import dev.nnl.compiler.train.TrainConfig;
import org.junit.jupiter.api.Test;

/** The memory estimate is shape math: exact for small models, never wrapping for huge ones. */
class MemoryEstimateTest {
    private static Compilation compile(String src) {
        Compilation c = Compiler.compile(SourceFile.of("m.nnl", src));
        assertFalse(c.hasErrors(), c.diagnostics().toString());
        return c;
    }

    @Test
    void smallModelByHand() {
        // 4 -> Dense(3): 15 parameters; per sample 4 input + 3 output values.
        Compilation c = compile("model M {\n input x: (4)\n Dense(3)\n}\ntrain M {\n loss = mse\n optimizer = Adam()\n}\n");
        ModelIR m = c.models().get("M");
        TrainConfig.Configured adam = c.trains().get("M").optimizer();
        MemoryEstimate t = MemoryEstimate.training(m, adam, 2);
        assertEquals(4 * 15 + 4 * 15 + 2 * 4 * 7 * 2, t.offHeap(), "parameters, gradients, activations and their gradients");
        assertEquals(4 * 15 * (2 + 2) + 4 * 15 * (1 + 2 * 2), t.heap(), "optimizer slots and copies, checkpoint copy");
        assertEquals(2 * 4 * 15 + 4 * 7 * 3, MemoryEstimate.inference(m, 3).total());
        assertEquals(3 * 4 * 15, MemoryEstimate.initialization(m).total());
        assertEquals(14, MemoryEstimate.activations(m, 2));
        assertEquals(8, MemoryEstimate.largestTensor(m, 2));
    }

    @Test
    void hugeModelsDoNotWrap() {
        // 3e9 x 3e9: 9e18 parameters, just under 2^63; their bytes are not.
        Compilation c = compile("model M {\n input x: (3000000000)\n Dense(3000000000)\n}\n"
                + "train M {\n loss = mse\n optimizer = Adam()\n}\n");
        ModelIR m = c.models().get("M");
        assertEquals(9_000_000_003_000_000_000L, m.totalParams());
        MemoryEstimate t = MemoryEstimate.training(m, c.trains().get("M").optimizer(), 1L << 40);
        assertEquals(8.0 * m.totalParams() + 2 * 4 * 6e9 * (1L << 40), t.offHeap(), 1e9);
        assertTrue(t.total() > t.offHeap() && t.heap() > 0);
        assertTrue(t.parts().get(0).startsWith("parameters 31.23 EB"), t.parts().toString());
    }

    @Test
    void unknownLengthsCountAsOne() {
        Compilation c = compile("model M {\n input x: (none, 8)\n LSTM(4)\n}\n");
        assertEquals(8 + 4, MemoryEstimate.activations(c.models().get("M"), 1));
    }
}
