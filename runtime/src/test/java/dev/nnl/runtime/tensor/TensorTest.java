package dev.nnl.runtime.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

class TensorTest {
    /** Recurrent layers carry a masked row's state forward within one buffer, also for long rows. */
    @Test
    void copyWithinOneTensorWorksForShortAndLongRanges() {
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            for (int len : new int[] {3, 16, 100}) {
                Tensor t = Tensor.zeros(type, 2L * len);
                for (int i = 0; i < len; i++) {
                    t.set(i, i + 1);
                }
                t.copyTo(0, t, len, len);
                for (int i = 0; i < len; i++) {
                    assertEquals(i + 1, t.get(len + i), 0.0, type + " len " + len + " at " + i);
                }
                t.zero(len, len);
                assertEquals(0, t.get(2 * len - 1), 0.0);
                assertEquals(len, t.get(len - 1), 0.0);
            }
        }
    }
}
