package dev.nnl.runtime.samediff;

import dev.nnl.compiler.ir.Shape;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * One tensor of the graph being built: its variable, its per-sample shape (no batch axis), and
 * the padding mask it carries, (batch, steps) float 1/0 as the runtime's kernel masks, or null.
 */
public record SdValue(SDVariable var, Shape shape, SDVariable mask) {
    /** The variable as float32: integer model inputs read by ordinary layers are cast, as the runtime reads them. */
    public SDVariable floats() {
        return var.dataType() == DataType.FLOAT ? var : var.castTo(DataType.FLOAT);
    }
}
