package dev.nnl.runtime;

import dev.nnl.compiler.ir.InputNode;
import dev.nnl.compiler.ir.ModelIR;
import dev.nnl.runtime.data.DataException;
import dev.nnl.runtime.data.Dataset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** ND4J arrays from a Java caller as a {@link Dataset}, which {@code DataSources.fit} then checks against the model. */
final class ArrayData {
    private ArrayData() {
    }

    /** Arrays as a {@link Dataset}: checked against the model's inputs by the caller. */
    static Dataset of(ModelIR model, INDArray[] features, INDArray labels) throws DataException {
        List<InputNode> inputs = model.inputs();
        if (features.length != inputs.size()) {
            throw DataException.input("model `" + model.name() + "` has " + inputs.size() + " inputs ("
                    + String.join(", ", inputs.stream().map(InputNode::name).toList()) + "), but " + features.length
                    + " arrays were given");
        }
        List<float[]> values = new ArrayList<>();
        List<long[]> shapes = new ArrayList<>();
        long rows = -1;
        for (int i = 0; i < features.length; i++) {
            INDArray x = features[i];
            if (x == null || x.rank() < 1 || rows >= 0 && x.size(0) != rows) {
                throw DataException.input("input `" + inputs.get(i).name() + "`: expected an array of shape (samples, "
                        + inputs.get(i).shape().toString().replace("None, ", "") + ")" + (x == null ? ", found null"
                        : ", found " + Arrays.toString(x.shape()) + (rows >= 0 ? " (the first input has " + rows + " samples)" : "")));
            }
            rows = x.size(0);
            values.add(floats(x));
            shapes.add(Arrays.copyOfRange(x.shape(), 1, x.rank()));
        }
        float[] y = null;
        long[] labelShape = new long[0];
        if (labels != null) {
            if (labels.rank() < 1 || labels.size(0) != rows) {
                throw DataException.input("labels: expected " + rows + " rows, found an array of shape " + Arrays.toString(labels.shape()));
            }
            y = floats(labels);
            labelShape = Arrays.copyOfRange(labels.shape(), 1, labels.rank());
            if (labelShape.length == 1 && labelShape[0] == 1) {
                labelShape = new long[0];
            }
        }
        return new Dataset(values, shapes, y, labelShape, (int) rows);
    }

    private static float[] floats(INDArray x) {
        // One memcpy out of a dense row-major float array: DataBuffer.asFloat() reads element by
        // element, and asNioFloat() costs more in building its view than the copy does. A view
        // (strides, offset) or another type is first copied to such an array by dup('c').
        boolean plain = x.dataType() == DataType.FLOAT && x.ordering() == 'c' && !x.isView();
        INDArray dense = plain ? x : x.castTo(DataType.FLOAT).dup('c');
        float[] v = new float[Math.toIntExact(dense.length())];
        new FloatPointer(dense.data().addressPointer()).get(v);
        return v;
    }
}
