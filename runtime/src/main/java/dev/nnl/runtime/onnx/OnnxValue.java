package dev.nnl.runtime.onnx;

import dev.nnl.compiler.ir.Shape;

/**
 * One tensor of the ONNX graph being built: its name, its per-sample shape (no batch axis),
 * whether it holds int32 ids, and the name of the padding mask it carries ((batch, steps) float
 * 1/0 as the runtime's kernel masks), or null.
 */
public record OnnxValue(String name, Shape shape, boolean ints, String mask) {
    /** The value as float32: integer model inputs read by ordinary layers are cast, as the runtime reads them. */
    public String floats(OnnxScope s) {
        return ints ? s.cast(name, OnnxScope.FLOAT) : name;
    }

    /** Rank with the batch axis. */
    public int rank() {
        return shape.rank() + 1;
    }
}
